import Foundation
import HTTPTypes
import Testing
@testable import FourCalls

@Suite("AI agent API")
struct AgentAPITests {
    /// An organization open every day all day (so daylight-saving days have slots), an agent,
    /// and the agent's access token.
    struct Business {
        let userToken: String
        let base: String
        let businessID: String
        let agentID: String
        let apiKey: String
        let agentToken: String
    }

    static let allWeek = #"{"monday": {"start": "00:00", "end": "24:00"}, "tuesday": {"start": "00:00", "end": "24:00"}, "wednesday": {"start": "00:00", "end": "24:00"}, "thursday": {"start": "00:00", "end": "24:00"}, "friday": {"start": "00:00", "end": "24:00"}, "saturday": {"start": "00:00", "end": "24:00"}, "sunday": {"start": "00:00", "end": "24:00"}}"#

    static func business(_ api: TestAPI, hours: String = allWeek) async throws -> Business {
        let (token, base) = try await api.organization(json: #"{"name": "Bright Smiles", "timezone": "America/New_York", "business_hours": \#(hours)}"#)
        let created = try await api.call(.post, "\(base)/ai-agents", token: token, json: #"{"name": "Front desk voice"}"#)
        try #require(created.status == .created, "\(created.text)")
        let agentID = try #require(created["agent_id"]?.string)
        let apiKey = try #require(created["api_key"]?.string)
        let auth = try await api.call(.post, "/api/internal/ai/auth", json: #"{"agent_id": "\#(agentID)", "api_key": "\#(apiKey)"}"#)
        try #require(auth.status == .ok, "\(auth.text)")
        return Business(
            userToken: token, base: base, businessID: String(base.split(separator: "/").last!), agentID: agentID, apiKey: apiKey,
            agentToken: try #require(auth["access_token"]?.string))
    }

    @Test(arguments: Engine.enabled)
    func agentsAuthenticateAndAreConfinedToTheirBusiness(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-01T12:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let b = try await Self.business(api)
            let auth = try await api.call(.post, "/api/internal/ai/auth", json: #"{"agent_id": "\#(b.agentID)", "api_key": "\#(b.apiKey)"}"#)
            #expect(auth["expires_in"]?.int == 3600)
            #expect(auth["token_type"]?.string == "Bearer")
            let wrong = try await api.call(.post, "/api/internal/ai/auth", json: #"{"agent_id": "\#(b.agentID)", "api_key": "nope"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(wrong["code"]?.string == "INVALID_CREDENTIALS")
            #expect(try await api.call(.post, "/api/internal/ai/auth", json: #"{"agent_id": "x", "api_key": "y"}"#).status == .unauthorized)
            let shown = try await api.call(.get, "\(b.base)/ai-agents/\(b.agentID)", token: b.userToken)
            #expect(shown["api_key"] == nil)

            let context = "/api/internal/ai/context/\(b.businessID)"
            #expect(try await api.call(.get, context, token: b.agentToken).status == .ok)
            #expect(try await api.call(.get, context, token: b.userToken).status == .unauthorized)
            #expect(try await api.call(.get, context).status == .unauthorized)
            #expect(try await api.call(.get, "\(b.base)/contacts", token: b.agentToken).status == .unauthorized)
            let other = try await Self.business(api)
            let foreign = try await api.call(.get, "/api/internal/ai/context/\(other.businessID)", token: b.agentToken)
            #expect(foreign.status == .forbidden)
            #expect(foreign["code"]?.string == "FORBIDDEN")
            #expect(try await api.call(.get, "/api/internal/ai/context/\(UUID().api)", token: b.agentToken).status == .forbidden)

            clock.advance(by: 3601)
            #expect(try await api.call(.get, context, token: b.agentToken).status == .unauthorized)
            let fresh = try await api.call(.post, "/api/internal/ai/auth", json: #"{"agent_id": "\#(b.agentID)", "api_key": "\#(b.apiKey)"}"#)
            let freshToken = try #require(fresh["access_token"]?.string)
            #expect(try await api.call(.get, context, token: freshToken).status == .ok)
            #expect(try await api.call(.delete, "\(b.base)/ai-agents/\(b.agentID)", token: b.userToken).status == .noContent)
            #expect(try await api.call(.get, context, token: freshToken).status == .unauthorized)
        }
    }

    @Test(arguments: Engine.enabled)
    func availabilityOnDaylightSavingAndNormalDays(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-01T12:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let b = try await Self.business(api)
            let path = "/api/internal/ai/calendar/\(b.businessID)/availability"
            for (day, count) in [("2027-03-14", 46), ("2027-11-07", 50), ("2027-03-10", 48)] {
                let response = try await api.call(.get, "\(path)?date=\(day)&duration_minutes=30", token: b.agentToken)
                #expect(response.status == .ok)
                #expect(response["slots"]?.array?.count == count, "\(day)")
                #expect(response["date"]?.string == day)
                #expect(response["timezone"]?.string == "America/New_York")
                #expect(response["business_id"]?.string == b.businessID)
                #expect(response["duration_minutes"]?.int == 30)
            }
            let spring = try await api.call(.get, "\(path)?date=2027-03-14", token: b.agentToken)
            #expect(spring["slots"]?[4]?["start"]?.string == "2027-03-14T07:00:00Z")  // 03:00 EDT follows 01:30 EST
            #expect(spring["slots"]?[3]?["start"]?.string == "2027-03-14T06:30:00Z")

            // A booked appointment with buffers: no slot overlaps it, buffers included.
            let contact = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Booked"}"#)
            let type = try await api.call(
                .post, "\(b.base)/appointment-types", token: b.userToken,
                json: #"{"name": "Cleaning", "duration_minutes": 60, "buffer_before_minutes": 15, "buffer_after_minutes": 15}"#)
            let typeID = try #require(type["id"]?.string)
            _ = try await api.call(
                .post, "\(b.base)/appointments", token: b.userToken,
                json: #"{"contact_id": "\#(contact)", "appointment_type_id": "\#(typeID)", "scheduled_at": "2027-03-10T15:00:00Z"}"#)
            let day = try await api.call(.get, "\(path)?date=2027-03-10&appointment_type_id=\(typeID)", token: b.agentToken)
            #expect(day["duration_minutes"]?.int == 60)
            let booked = Timestamps.parse("2027-03-10T14:45:00Z")!..<Timestamps.parse("2027-03-10T16:15:00Z")!
            for slot in day["slots"]?.array ?? [] {
                let start = try #require(slot["start"]?.string.flatMap(Timestamps.parse))
                let padded = start.addingTimeInterval(-15 * 60)..<start.addingTimeInterval(75 * 60)
                #expect(!padded.overlaps(booked), "\(start)")
            }
            #expect(day["slots"]?.array?.count == 42)  // 47 hourly-length slots, 5 of them (14:00–16:00Z starts) blocked
            // Appointments on the neighbouring days that reach into the day, or that a slot's
            // buffers reach: 23:45–00:15 on the night before, 00:05–00:35 on the night after.
            for scheduled in ["2027-03-11T04:45:00Z", "2027-03-12T05:05:00Z"] {
                _ = try await api.call(
                    .post, "\(b.base)/appointments", token: b.userToken, json: #"{"contact_id": "\#(contact)", "scheduled_at": "\#(scheduled)"}"#)
            }
            let night = try await api.call(.get, "\(path)?date=2027-03-11", token: b.agentToken)
            #expect(night["slots"]?[0]?["start"]?.string == "2027-03-11T05:30:00Z")
            #expect(night["slots"]?.array?.last?["start"]?.string == "2027-03-12T04:30:00Z")
            let buffered = try await api.call(.get, "\(path)?date=2027-03-11&appointment_type_id=\(typeID)", token: b.agentToken)
            #expect(buffered["slots"]?[0]?["start"]?.string == "2027-03-11T05:30:00Z")
            #expect(buffered["slots"]?.array?.last?["start"]?.string == "2027-03-12T03:30:00Z")
            let bad = try await api.call(.get, "\(path)?date=2027-02-30&duration_minutes=0", token: b.agentToken)
            #expect(fieldErrors(bad, "date").count == 1)
            #expect(fieldErrors(bad, "duration_minutes").count == 1)
            #expect(fieldErrors(try await api.call(.get, path, token: b.agentToken), "date") == ["The date field is required."])
        }
    }

    /// The longest appointment there can be (1,440 minutes with 240-minute buffers) still
    /// blocks the day after it began: busy-time queries look back far enough.
    @Test(arguments: Engine.enabled)
    func theLongestAppointmentBlocksTheNextDay(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-20T12:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let b = try await Self.business(api)
            let contact = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Long Stay"}"#)
            let type = try await api.call(
                .post, "\(b.base)/appointment-types", token: b.userToken,
                json: #"{"name": "Retreat", "duration_minutes": 1440, "buffer_before_minutes": 240, "buffer_after_minutes": 240}"#)
            let typeID = try #require(type["id"]?.string)
            // Midnight of April 1 in New York: busy from 20:00 on March 31 to 04:00 on April 2.
            let booked = try await api.call(
                .post, "\(b.base)/appointments", token: b.userToken,
                json: #"{"contact_id": "\#(contact)", "appointment_type_id": "\#(typeID)", "scheduled_at": "2027-04-01T04:00:00Z"}"#)
            #expect(booked.status == .created, "\(booked.text)")
            let day = try await api.call(.get, "/api/internal/ai/calendar/\(b.businessID)/availability?date=2027-04-02", token: b.agentToken)
            #expect(day["slots"]?[0]?["start"]?.string == "2027-04-02T08:00:00Z")
            let overlapping = try await api.call(
                .post, "\(b.base)/appointments", token: b.userToken,
                json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-04-02T07:00:00Z"}"#)
            #expect(overlapping.status == .conflict, "\(overlapping.text)")
        }
    }

    @Test(arguments: Engine.enabled)
    func pastSlotsAreNotOffered(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-10T18:10:00Z")!)  // 13:10 in New York
        try await withTestApp(engine, clock: clock) { api in
            let b = try await Self.business(api, hours: #"{"wednesday": {"start": "09:00", "end": "17:00"}}"#)
            let today = try await api.call(.get, "/api/internal/ai/calendar/\(b.businessID)/availability?date=2027-03-10", token: b.agentToken)
            #expect(today["slots"]?[0]?["start"]?.string == "2027-03-10T18:30:00Z")
            #expect(today["slots"]?.array?.count == 7)
            let noticed = try await api.call(
                .get, "/api/internal/ai/calendar/\(b.businessID)/availability?date=2027-03-10&minimum_notice_minutes=120", token: b.agentToken)
            #expect(noticed["slots"]?[0]?["start"]?.string == "2027-03-10T20:30:00Z")  // 15:30, two hours after 13:10 rounded up to a slot
            let thursday = try await api.call(.get, "/api/internal/ai/calendar/\(b.businessID)/availability?date=2027-03-11", token: b.agentToken)
            #expect(thursday["slots"]?.array?.isEmpty == true)
        }
    }

    @Test(arguments: Engine.enabled)
    func aCoordinatorsAvailabilityReplacesBusinessHours(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-08T12:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let b = try await Self.business(api)
            let roles = try await api.call(.get, "/api/coordinator/role-templates", token: b.userToken)
            let personas = try await api.call(.get, "/api/coordinator/persona-templates", token: b.userToken)
            let coordinator = try await api.call(
                .post, "\(b.base)/coordinators", token: b.userToken,
                json: #"{"display_name": "Sam", "role_template_id": "\#(roles["data"]?[0]?["id"]?.string ?? "")", "persona_template_id": "\#(personas["data"]?[0]?["id"]?.string ?? "")", "availability": {"wednesday": {"start": "10:00", "end": "12:00"}}}"#)
            let coordinatorID = try #require(coordinator["id"]?.string)
            let path = "/api/internal/ai/calendar/\(b.businessID)/availability?date=2027-03-10&coordinator_id=\(coordinatorID)"
            let slots = try await api.call(.get, path, token: b.agentToken)
            #expect(slots["slots"]?.array?.compactMap { $0["start"]?.string } == [
                "2027-03-10T15:00:00Z", "2027-03-10T15:30:00Z", "2027-03-10T16:00:00Z", "2027-03-10T16:30:00Z",
            ])
            let contact = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "C", "phone": "+15550105000"}"#)
            let outside = try await api.call(
                .post, "/api/internal/ai/calendar/\(b.businessID)/bookings", token: b.agentToken,
                json: #"{"contact_id": "\#(contact)", "coordinator_id": "\#(coordinatorID)", "scheduled_at": "2027-03-10T18:00:00Z"}"#)
            #expect(outside["code"]?.string == "SLOT_UNAVAILABLE")
            let inside = try await api.call(
                .post, "/api/internal/ai/calendar/\(b.businessID)/bookings", token: b.agentToken,
                json: #"{"contact_id": "\#(contact)", "coordinator_id": "\#(coordinatorID)", "scheduled_at": "2027-03-10T15:30:00Z"}"#)
            #expect(inside.status == .created)
            #expect(inside["coordinator_id"]?.string == coordinatorID)
        }
    }

    @Test(arguments: Engine.enabled)
    func lookupByAnyPhoneFormatOrEmail(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-01T12:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let b = try await Self.business(api)
            let contact = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Jane Caller", "email": "Jane@Example.com", "phone": "+15550102000"}"#)
            _ = try await api.call(.post, "\(b.base)/appointments", token: b.userToken, json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-03-05T15:00:00Z"}"#)
            _ = try await api.call(.post, "\(b.base)/appointments", token: b.userToken, json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-02-05T15:00:00Z"}"#)
            _ = try await api.call(.post, "\(b.base)/calls", token: b.userToken, json: #"{"contact_id": "\#(contact)", "direction": "inbound", "status": "completed"}"#)
            let path = "/api/internal/ai/crm/\(b.businessID)/customers/lookup"
            for query in ["phone=%2B15550102000", "phone=(555)%20010-2000", "phone=555.010.2000", "phone=1-555-010-2000", "email=jane@example.COM"] {
                let response = try await api.call(.get, "\(path)?\(query)", token: b.agentToken)
                #expect(response["found"]?.bool == true, "\(query)")
                #expect(response["customer"]?["id"]?.string == contact, "\(query)")
            }
            let full = try await api.call(.get, "\(path)?phone=5550102000", token: b.agentToken)
            #expect(full["upcoming_appointments"]?.array?.count == 1)
            #expect(full["upcoming_appointments"]?[0]?["scheduled_at"]?.string == "2027-03-05T15:00:00Z")
            #expect(full["recent_calls"]?.array?.count == 1)
            let missing = try await api.call(.get, "\(path)?phone=5559999999", token: b.agentToken)
            #expect(missing.status == .ok)
            #expect(missing["found"]?.bool == false)
            #expect(missing["customer"] == .null)
            #expect(try await api.call(.get, path, token: b.agentToken).status == .unprocessableContent)
        }
    }

    /// Lookups and free slots are reused while nothing is written (`AgentOperations.callers`
    /// and `days`): every write shows in the next read, and time passing does too.
    @Test(arguments: Engine.enabled)
    func lookupsAndFreeSlotsShowEachWriteAtOnce(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-08T12:00:00Z")!)  // Monday
        try await withTestApp(engine, clock: clock) { api in
            // With the agent's API key: an access token would expire while the clock moves.
            let b = try await Self.business(api, hours: #"{"monday": {"start": "09:00", "end": "17:00"}, "tuesday": {"start": "09:00", "end": "17:00"}}"#)
            let lookup = "/api/internal/ai/crm/\(b.businessID)/customers/lookup?phone=%2B15550104000"
            func starts(_ date: String) async throws -> [String] {
                let day = try await api.call(.get, "/api/internal/ai/calendar/\(b.businessID)/availability?date=\(date)", token: b.apiKey)
                try #require(day.status == .ok, "\(day.text)")
                return day["slots"]?.array?.compactMap { $0["start"]?.string } ?? []
            }
            func caller() async throws -> APIResponse { try await api.call(.get, lookup, token: b.apiKey) }
            #expect(try await starts("2027-03-09").first == "2027-03-09T14:00:00Z")  // 09:00 in New York
            #expect(try await caller()["found"]?.bool == false)

            let contact = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Ann Again", "phone": "+15550104000"}"#)
            #expect(try await caller()["customer"]?["id"]?.string == contact)
            #expect(try await caller()["upcoming_appointments"]?.array?.isEmpty == true)

            let booked = try await api.call(
                .post, "/api/internal/ai/calendar/\(b.businessID)/bookings", token: b.apiKey,
                json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-03-09T14:00:00Z"}"#)
            let appointment = try #require(booked["id"]?.string, "\(booked.text)")
            #expect(try await !starts("2027-03-09").contains("2027-03-09T14:00:00Z"))
            #expect(try await caller()["upcoming_appointments"]?[0]?["id"]?.string == appointment)

            #expect(try await caller()["recent_calls"]?.array?.isEmpty == true)
            let call = try await api.call(.post, "\(b.base)/calls", token: b.userToken, json: #"{"contact_id": "\#(contact)", "direction": "inbound", "status": "completed"}"#)
            #expect(call.status == .created, "\(call.text)")
            #expect(try await caller()["recent_calls"]?.array?.count == 1)

            let renamed = try await api.call(.put, "\(b.base)/contacts/\(contact)", token: b.userToken, json: #"{"name": "Ann Renamed"}"#)
            #expect(renamed.status == .ok, "\(renamed.text)")
            #expect(try await caller()["customer"]?["name"]?.string == "Ann Renamed")

            let cancelled = try await api.call(.post, "\(b.base)/appointments/\(appointment)/cancel", token: b.userToken, json: #"{"reason": "x"}"#)
            #expect(cancelled["status"]?.string == "cancelled", "\(cancelled.text)")
            #expect(try await starts("2027-03-09").first == "2027-03-09T14:00:00Z")
            #expect(try await caller()["upcoming_appointments"]?.array?.isEmpty == true)

            let hours = try await api.call(
                .put, b.base, token: b.userToken,
                json: #"{"business_hours": {"monday": {"start": "09:00", "end": "17:00"}, "tuesday": {"start": "10:00", "end": "17:00"}}}"#)
            #expect(hours.status == .ok, "\(hours.text)")
            #expect(try await starts("2027-03-09").first == "2027-03-09T15:00:00Z")

            // Time passing, with nothing written: a started appointment is no longer upcoming,
            // and a slot gone by is no longer offered.
            let again = try await api.call(
                .post, "/api/internal/ai/calendar/\(b.businessID)/bookings", token: b.apiKey,
                json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-03-09T16:00:00Z"}"#)
            #expect(again.status == .created, "\(again.text)")
            #expect(try await caller()["upcoming_appointments"]?.array?.count == 1)
            #expect(try await starts("2027-03-09").first == "2027-03-09T15:00:00Z")
            clock.advance(by: 28 * 3600 + 10 * 60)  // 2027-03-09T16:10:00Z
            #expect(try await caller()["upcoming_appointments"]?.array?.isEmpty == true)
            #expect(try await starts("2027-03-09").first == "2027-03-09T16:30:00Z")
        }
    }

    @Test(arguments: Engine.enabled)
    func bookingsAreFutureInsideHoursAndFree(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-08T12:00:00Z")!)  // Monday
        try await withTestApp(engine, clock: clock) { api in
            let b = try await Self.business(api, hours: #"{"monday": {"start": "09:00", "end": "17:00"}, "tuesday": {"start": "09:00", "end": "17:00"}}"#)
            let contact = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "John Doe", "phone": "+15550103000"}"#)
            let path = "/api/internal/ai/calendar/\(b.businessID)/bookings"
            let booked = try await api.call(
                .post, path, token: b.agentToken,
                json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-03-09T14:00:00Z", "duration_minutes": 30}"#)
            #expect(booked.status == .created)
            #expect(booked["status"]?.string == "scheduled")
            #expect(booked["contact"]?["id"]?.string == contact)
            let taken = try await api.call(.post, path, token: b.agentToken, json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-03-09T14:15:00Z"}"#)
            #expect(taken.status == .conflict)
            #expect(taken["code"]?.string == "SLOT_UNAVAILABLE")
            let past = try await api.call(.post, path, token: b.agentToken, json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-03-08T11:00:00Z"}"#)
            #expect(past["code"]?.string == "SLOT_UNAVAILABLE")
            let evening = try await api.call(.post, path, token: b.agentToken, json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-03-09T21:45:00Z"}"#)
            #expect(evening["code"]?.string == "SLOT_UNAVAILABLE")  // 16:45–17:15 local runs past closing
            let wednesday = try await api.call(.post, path, token: b.agentToken, json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-03-10T15:00:00Z"}"#)
            #expect(wednesday["code"]?.string == "SLOT_UNAVAILABLE")

            // By the caller's details: found by phone in another format, or created.
            let known = try await api.call(
                .post, path, token: b.agentToken, json: #"{"name": "John", "phone": "(555) 010-3000", "scheduled_at": "2027-03-09T15:00:00Z"}"#)
            #expect(known.status == .created)
            #expect(known["contact"]?["id"]?.string == contact)
            let newcomer = try await api.call(
                .post, path, token: b.agentToken, json: #"{"name": "New Caller", "phone": "555-010-4000", "scheduled_at": "2027-03-09T16:00:00Z"}"#)
            #expect(newcomer.status == .created)
            #expect(newcomer["contact"]?["phone"]?.string == "+15550104000")
            let nobody = try await api.call(.post, path, token: b.agentToken, json: #"{"scheduled_at": "2027-03-09T16:00:00Z"}"#)
            #expect(fieldErrors(nobody, "contact_id").count == 1)
            let events = try await api.recordedEvents().map(\.name).filter { $0 == "appointment.created" }
            #expect(events.count == 3)
        }
    }

    @Test(arguments: Engine.enabled)
    func leadsAreDeduplicated(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let b = try await Self.business(api)
            let path = "/api/internal/ai/crm/\(b.businessID)/leads"
            let first = try await api.call(
                .post, path, token: b.agentToken,
                json: #"{"name": "John Doe", "email": "john@example.com", "phone": "+1234567890", "notes": "Interested in product demo"}"#)
            #expect(first.status == .created)
            #expect(first["tags"] == .array([.string("lead")]))
            #expect(first["metadata"]?["source"]?.string == "ai_agent")
            #expect(first["notes"]?.string == "Interested in product demo")
            let again = try await api.call(.post, path, token: b.agentToken, json: #"{"name": "Johnny", "phone": "+1 234 567 890"}"#)
            #expect(again.status == .ok)
            #expect(again["id"] == first["id"])
            let byEmail = try await api.call(.post, path, token: b.agentToken, json: #"{"name": "J", "email": "JOHN@example.com"}"#)
            #expect(byEmail.status == .ok)
            #expect(try await api.call(.get, "\(b.base)/contacts", token: b.userToken)["total"]?.int == 1)
            let invalid = try await api.call(.post, path, token: b.agentToken, json: #"{"name": "No way to reach"}"#)
            #expect(invalid.status == .unprocessableContent)
        }
    }

    @Test(arguments: Engine.enabled)
    func interactionsCreateCallsAndCountPollAnswers(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let b = try await Self.business(api)
            let contact = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Caller"}"#)
            let poll = try await api.call(.post, "\(b.base)/polls", token: b.userToken, json: #"{"question": "How did you hear about us?", "options": ["Google", "Friend", "Ad"]}"#)
            let pollID = try #require(poll["id"]?.string)
            let path = "/api/internal/ai/interactions/\(b.businessID)"
            let logged = try await api.call(
                .post, path, token: b.agentToken,
                json: """
                    {"interaction_type": "call", "contact_id": "\(contact)", "duration_seconds": 180, "transcript": "Call transcript...",
                     "outcome": "appointment_scheduled", "metadata": {}, "poll_responses": [{"poll_id": "\(pollID)", "answer": "friend"}]}
                    """)
            #expect(logged.status == .created)
            let callID = try #require(logged["call_id"]?.string)
            let call = try await api.call(.get, "\(b.base)/calls/\(callID)", token: b.userToken)
            #expect(call["status"]?.string == "completed")
            #expect(call["duration_seconds"]?.int == 180)
            #expect(call["contact_id"]?.string == contact)
            _ = try await api.call(
                .post, path, token: b.agentToken,
                json: #"{"interaction_type": "call", "status": "missed", "poll_responses": [{"poll_id": "\#(pollID)", "answer": "Friend"}]}"#)
            let chat = try await api.call(.post, path, token: b.agentToken, json: #"{"interaction_type": "sms", "contact_id": "\#(contact)", "transcript": "Hi"}"#)
            #expect(chat.status == .created)
            #expect(chat["call_id"] == .null)
            let badAnswer = try await api.call(
                .post, path, token: b.agentToken, json: #"{"interaction_type": "call", "poll_responses": [{"poll_id": "\#(pollID)", "answer": "TV"}]}"#)
            #expect(badAnswer.status == .unprocessableContent)
            #expect(fieldErrors(badAnswer, "poll_responses.0.answer").count == 1)

            let results = try await api.call(.get, "\(b.base)/polls/\(pollID)/results", token: b.userToken)
            #expect(results["total_responses"]?.int == 2)
            #expect(results["results"] == .array([
                .object(["option": .string("Google"), "count": .int(0)]), .object(["option": .string("Friend"), "count": .int(2)]),
                .object(["option": .string("Ad"), "count": .int(0)]),
            ]))
            let events = try await api.recordedEvents().map(\.name).filter { $0.hasPrefix("call.") || $0.hasPrefix("ai_") }
            #expect(events.filter { $0 == "ai_interaction.logged" }.count == 3)
            #expect(events.filter { $0 == "call.completed" }.count == 1)
            #expect(events.filter { $0 == "call.missed" }.count == 1)
            #expect(try await api.call(.get, "\(b.base)/calls", token: b.userToken)["total"]?.int == 2)
        }
    }

    @Test(arguments: Engine.enabled)
    func contextPacketWithETag(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-01T12:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let b = try await Self.business(api)
            let contact = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Ctx"}"#)
            _ = try await api.call(.post, "\(b.base)/appointments", token: b.userToken, json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-03-05T15:00:00Z"}"#)
            _ = try await api.call(.post, "\(b.base)/appointments", token: b.userToken, json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-04-05T15:00:00Z"}"#)
            _ = try await api.call(.post, "\(b.base)/faqs", token: b.userToken, json: #"{"question": "Parking?", "answer": "Free, behind the building."}"#)
            let path = "/api/internal/ai/context/\(b.businessID)"
            let packet = try await api.call(.get, path, token: b.agentToken)
            #expect(packet.status == .ok)
            #expect(packet["business_id"]?.string == b.businessID)
            #expect(packet["business_name"]?.string == "Bright Smiles")
            #expect(packet["timezone"]?.string == "America/New_York")
            #expect(packet["current_time"]?.string == "2027-03-01T07:00:00-05:00")
            #expect(packet["contacts"]?.array?.count == 1)
            #expect(packet["appointments"]?.array?.count == 1)
            #expect(packet["faqs"]?[0]?["question"]?.string == "Parking?")
            #expect(packet["polls"]?.array?.isEmpty == true)
            #expect(packet["last_updated"]?.string != nil)
            let etag = try #require(packet.headers[.eTag])
            clock.advance(by: 60)
            let unchanged = try await api.call(.get, path, token: b.agentToken, headers: [.ifNoneMatch: etag])
            #expect(unchanged.status == .notModified)
            #expect(unchanged.text.isEmpty)
            _ = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Another"}"#)
            let changed = try await api.call(.get, path, token: b.agentToken, headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok)
            #expect(changed.headers[.eTag] != etag)
            #expect(try await api.call(.get, "\(path)?contacts_limit=1", token: b.agentToken)["contacts"]?.array?.count == 1)
        }
    }

    /// The packet is bounded and encoded once per version: whatever changes it (a contact
    /// edited, an FAQ deleted, an appointment passing out of the window) is seen at once.
    @Test(arguments: Engine.enabled)
    func contextPacketIsBoundedAndRefreshedOnEveryChange(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-01T12:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let b = try await Self.business(api)
            let contact = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Busy Bee"}"#)
            for hour in 0..<6 {
                let booked = try await api.call(
                    .post, "\(b.base)/appointments", token: b.userToken,
                    json: #"{"contact_id": "\#(contact)", "scheduled_at": "2027-03-01T1\#(3 + hour):00:00Z"}"#)
                try #require(booked.status == .created, "\(booked.text)")
            }
            let faq = try await api.call(.post, "\(b.base)/faqs", token: b.userToken, json: #"{"question": "Parking?", "answer": "Behind."}"#)
            let path = "/api/internal/ai/context/\(b.businessID)"
            #expect(try await api.call(.get, path, token: b.apiKey)["appointments"]?.array?.count == 6)
            let limited = try await api.call(.get, "\(path)?appointments_limit=2", token: b.apiKey)
            #expect(limited["appointments"]?.array?.compactMap { $0["scheduled_at"]?.string } == ["2027-03-01T13:00:00Z", "2027-03-01T14:00:00Z"])
            #expect(try await api.call(.get, "\(path)?appointments_limit=501", token: b.apiKey).status == .unprocessableContent)

            // Same stamp, same bytes: only current_time moves.
            clock.advance(by: 60)
            let first = try await api.call(.get, path, token: b.apiKey)
            #expect(first["current_time"]?.string == "2027-03-01T07:01:00-05:00")
            clock.advance(by: 1)
            let edited = try await api.call(.put, "\(b.base)/contacts/\(contact)", token: b.userToken, json: #"{"name": "Busy Bea"}"#)
            #expect(edited.status == .ok)
            let afterEdit = try await api.call(.get, path, token: b.apiKey)
            #expect(afterEdit["contacts"]?[0]?["name"]?.string == "Busy Bea")
            #expect(afterEdit["appointments"]?[0]?["contact"]?["name"]?.string == "Busy Bea")
            #expect(afterEdit.headers[.eTag] != first.headers[.eTag])
            clock.advance(by: 1)
            let faqID = try #require(faq["id"]?.string)
            #expect(try await api.call(.delete, "\(b.base)/faqs/\(faqID)", token: b.userToken).status == .noContent)
            #expect(try await api.call(.get, path, token: b.apiKey)["faqs"]?.array?.isEmpty == true)
            // 13:00Z has passed: that appointment leaves the packet.
            clock.advance(by: 3600)
            let later = try await api.call(.get, path, token: b.apiKey)
            #expect(later["appointments"]?.array?.count == 5)
            #expect(later["current_time"]?.string == "2027-03-01T08:01:02-05:00")
        }
    }
}
