import Foundation
import HTTPTypes
import Testing
@testable import FourCalls

@Suite("Appointments and appointment types")
struct AppointmentTests {
    /// An organization in New York with one contact; returns token, base path, contact id.
    static func setUp(_ api: TestAPI, capacity: Int = 1) async throws -> (String, String, String) {
        let (token, base) = try await api.organization(json: #"{"name": "Clinic", "timezone": "America/New_York", "booking_capacity": \#(capacity)}"#)
        let contact = try await api.createContact(base, token: token, json: #"{"name": "John Doe", "email": "john@example.com"}"#)
        return (token, base, contact)
    }

    @Test(arguments: Engine.enabled)
    func guideExampleBooksAndEmitsEvent(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base, contact) = try await Self.setUp(api)
            let type = try await api.call(
                .post, "\(base)/appointment-types", token: token,
                json: #"{"name": "Cleaning", "duration_minutes": 45, "buffer_before_minutes": 10, "buffer_after_minutes": 15}"#)
            #expect(type.status == .created)
            #expect(type["duration_minutes"]?.int == 45)
            let typeID = try #require(type["id"]?.string)
            let response = try await api.call(
                .post, "\(base)/appointments", token: token,
                json: """
                    {"contact_id": "\(contact)", "appointment_type_id": "\(typeID)", "scheduled_at": "2026-01-25T14:00:00Z",
                     "duration_minutes": 30, "notes": "Follow-up call",
                     "metadata": {"source": "external_app", "source_id": "appointment_123"}}
                    """)
            #expect(response.status == .created)
            #expect(response["scheduled_at"]?.string == "2026-01-25T14:00:00Z")
            #expect(response["ends_at"]?.string == "2026-01-25T14:30:00Z")
            #expect(response["duration_minutes"]?.int == 30)
            #expect(response["status"]?.string == "scheduled")
            #expect(response["notes"]?.string == "Follow-up call")
            #expect(response["contact"]?["name"]?.string == "John Doe")
            #expect(response["contact"]?["id"]?.string == contact)
            #expect(response["metadata"]?["source_id"]?.string == "appointment_123")
            let withTypeDefault = try await api.call(
                .post, "\(base)/appointments", token: token,
                json: #"{"contact_id": "\#(contact)", "appointment_type_id": "\#(typeID)", "scheduled_at": "2026-01-26T15:00:00-05:00"}"#)
            #expect(withTypeDefault["duration_minutes"]?.int == 45)
            #expect(withTypeDefault["scheduled_at"]?.string == "2026-01-26T20:00:00Z")
            let plain = try await api.call(.post, "\(base)/appointments", token: token, json: #"{"contact_id": "\#(contact)", "scheduled_at": "2026-01-27T15:00:00Z"}"#)
            #expect(plain["duration_minutes"]?.int == 30)
            let events = try await api.recordedEvents().map(\.name).filter { $0.hasPrefix("appointment") }
            #expect(events == ["appointment.created", "appointment.created", "appointment.created"])
        }
    }

    @Test(arguments: Engine.enabled)
    func bookingValidation(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base, _) = try await Self.setUp(api)
            let (otherToken, otherBase) = try await api.organization()
            let foreign = try await api.createContact(otherBase, token: otherToken, json: #"{"name": "Not yours"}"#)
            let empty = try await api.call(.post, "\(base)/appointments", token: token, json: #"{"scheduled_at": "tomorrow", "duration_minutes": 2}"#)
            #expect(empty.status == .unprocessableContent)
            #expect(fieldErrors(empty, "contact_id") == ["The contact id field is required."])
            #expect(fieldErrors(empty, "scheduled_at").count == 1)
            #expect(fieldErrors(empty, "duration_minutes").count == 1)
            let wrongOrg = try await api.call(
                .post, "\(base)/appointments", token: token,
                json: #"{"contact_id": "\#(foreign)", "scheduled_at": "2026-01-25T14:00:00Z", "appointment_type_id": "\#(UUID().api)"}"#)
            #expect(wrongOrg.status == .unprocessableContent)
            #expect(fieldErrors(wrongOrg, "contact_id") == ["The selected contact id is invalid."])
            #expect(fieldErrors(wrongOrg, "appointment_type_id").count == 1)
        }
    }

    @Test(arguments: Engine.enabled)
    func overlapsAreRefusedBuffersIncluded(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base, contact) = try await Self.setUp(api)
            let type = try await api.call(
                .post, "\(base)/appointment-types", token: token,
                json: #"{"name": "Consult", "duration_minutes": 30, "buffer_after_minutes": 15}"#)
            let typeID = try #require(type["id"]?.string)
            func book(_ time: String, typed: Bool = false) async throws -> APIResponse {
                let typePart = typed ? #", "appointment_type_id": "\#(typeID)""# : ""
                return try await api.call(.post, "\(base)/appointments", token: token, json: #"{"contact_id": "\#(contact)", "scheduled_at": "\#(time)"\#(typePart)}"#)
            }
            #expect(try await book("2026-02-02T15:00:00Z", typed: true).status == .created)  // busy 15:00–15:45
            let clash = try await book("2026-02-02T15:40:00Z")
            #expect(clash.status == .conflict)
            #expect(clash["code"]?.string == "SLOT_UNAVAILABLE")
            #expect(try await book("2026-02-02T14:45:00Z").status == .conflict)
            #expect(try await book("2026-02-02T15:45:00Z").status == .created)  // right after the buffer
            #expect(try await book("2026-02-02T14:30:00Z").status == .created)  // ends as the first starts
        }
    }

    @Test(arguments: Engine.enabled)
    func capacityAllowsThatManyAtOnce(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base, contact) = try await Self.setUp(api, capacity: 2)
            func book(_ time: String, minutes: Int = 60) async throws -> HTTPResponse.Status {
                try await api.call(
                    .post, "\(base)/appointments", token: token,
                    json: #"{"contact_id": "\#(contact)", "scheduled_at": "\#(time)", "duration_minutes": \#(minutes)}"#
                ).status
            }
            #expect(try await book("2026-02-03T10:00:00Z") == .created)
            #expect(try await book("2026-02-03T11:00:00Z") == .created)
            // Overlaps both, but they never overlap each other: at most 2 at any instant.
            #expect(try await book("2026-02-03T10:30:00Z") == .created)
            #expect(try await book("2026-02-03T10:45:00Z", minutes: 15) == .conflict)
            #expect(try await book("2026-02-03T11:15:00Z", minutes: 15) == .conflict)
            #expect(try await book("2026-02-03T11:30:00Z", minutes: 15) == .created)  // 10:30 one has ended
            #expect(try await book("2026-02-03T12:00:00Z") == .created)
        }
    }

    @Test(arguments: Engine.enabled)
    func fiftySimultaneousBookingsOfOneSlotGiveOne(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base, contact) = try await Self.setUp(api)
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let response = try await api.call(
                            .post, "\(base)/appointments", token: token,
                            json: #"{"contact_id": "\#(contact)", "scheduled_at": "2026-03-01T15:00:00Z"}"#)
                        return (response.status, response["code"]?.string)
                    }
                }
                var all: [(HTTPResponse.Status, String?)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(statuses.filter { $0.0 == .created }.count == 1)
            #expect(statuses.filter { $0.0 == .conflict && $0.1 == "SLOT_UNAVAILABLE" }.count == 49)
            let list = try await api.call(.get, "\(base)/appointments", token: token)
            #expect(list["total"]?.int == 1)
        }
    }

    @Test(arguments: Engine.enabled)
    func statusFlowAndEvents(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base, contact) = try await Self.setUp(api)
            func book(_ time: String) async throws -> String {
                let response = try await api.call(.post, "\(base)/appointments", token: token, json: #"{"contact_id": "\#(contact)", "scheduled_at": "\#(time)"}"#)
                return try #require(response["id"]?.string)
            }
            let first = try await book("2026-02-10T15:00:00Z")
            let confirmed = try await api.call(.post, "\(base)/appointments/\(first)/confirm", token: token)
            #expect(confirmed["status"]?.string == "confirmed")
            #expect(try await api.call(.post, "\(base)/appointments/\(first)/confirm", token: token).status == .conflict)
            let completed = try await api.call(.post, "\(base)/appointments/\(first)/complete", token: token)
            #expect(completed["status"]?.string == "completed")
            let late = try await api.call(.post, "\(base)/appointments/\(first)/cancel", token: token, json: #"{"reason": "x"}"#)
            #expect(late.status == .conflict)
            #expect(late["code"]?.string == "CONFLICT")

            let second = try await book("2026-02-11T15:00:00Z")
            let cancelled = try await api.call(.post, "\(base)/appointments/\(second)/cancel", token: token, json: #"{"reason": "Client requested reschedule"}"#)
            #expect(cancelled["status"]?.string == "cancelled")
            #expect(cancelled["cancellation_reason"]?.string == "Client requested reschedule")
            // A cancelled appointment frees its time.
            _ = try await book("2026-02-11T15:00:00Z")
            let third = try await book("2026-02-12T15:00:00Z")
            #expect(try await api.call(.post, "\(base)/appointments/\(third)/no-show", token: token)["status"]?.string == "no_show")
            #expect(try await api.call(.post, "\(base)/appointments/\(UUID().api)/confirm", token: token).status == .notFound)

            let events = try await api.recordedEvents().map(\.name).filter { $0.hasPrefix("appointment") }
            #expect(events == [
                "appointment.created", "appointment.confirmed", "appointment.created", "appointment.cancelled",
                "appointment.created", "appointment.created",
            ])
        }
    }

    @Test(arguments: Engine.enabled)
    func rescheduleChecksTheNewTimeButNotItself(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base, contact) = try await Self.setUp(api)
            let a = try await api.call(.post, "\(base)/appointments", token: token, json: #"{"contact_id": "\#(contact)", "scheduled_at": "2026-02-20T15:00:00Z"}"#)
            _ = try await api.call(.post, "\(base)/appointments", token: token, json: #"{"contact_id": "\#(contact)", "scheduled_at": "2026-02-20T16:00:00Z"}"#)
            let id = try #require(a["id"]?.string)
            let longer = try await api.call(.put, "\(base)/appointments/\(id)", token: token, json: #"{"duration_minutes": 60, "notes": "longer"}"#)
            #expect(longer.status == .ok)
            #expect(longer["ends_at"]?.string == "2026-02-20T16:00:00Z")
            #expect(longer["notes"]?.string == "longer")
            let onto = try await api.call(.put, "\(base)/appointments/\(id)", token: token, json: #"{"scheduled_at": "2026-02-20T16:15:00Z"}"#)
            #expect(onto.status == .conflict)
            #expect(onto["code"]?.string == "SLOT_UNAVAILABLE")
            let moved = try await api.call(.put, "\(base)/appointments/\(id)", token: token, json: #"{"scheduled_at": "2026-02-21T09:00:00-05:00"}"#)
            #expect(moved["scheduled_at"]?.string == "2026-02-21T14:00:00Z")
            #expect(moved["duration_minutes"]?.int == 60)
        }
    }

    @Test(arguments: Engine.enabled)
    func listFiltersReadDatesInTheOrganizationsZone(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base, contact) = try await Self.setUp(api)
            let other = try await api.createContact(base, token: token, json: #"{"name": "Other"}"#)
            var ids: [String] = []
            // 2026-03-10T03:30Z is 23:30 on 2026-03-09 in New York.
            for (who, time) in [(contact, "2026-03-10T03:30:00Z"), (contact, "2026-03-10T05:00:00Z"), (other, "2026-03-11T16:00:00Z")] {
                let response = try await api.call(.post, "\(base)/appointments", token: token, json: #"{"contact_id": "\#(who)", "scheduled_at": "\#(time)"}"#)
                ids.append(try #require(response["id"]?.string))
            }
            _ = try await api.call(.post, "\(base)/appointments/\(ids[1])/cancel", token: token, json: "{}")
            func listed(_ query: String) async throws -> [String] {
                let response = try await api.call(.get, "\(base)/appointments?\(query)", token: token)
                #expect(response.status == .ok, "\(query): \(response.text)")
                return response["data"]?.array?.compactMap { $0["id"]?.string } ?? []
            }
            #expect(try await listed("") == ids)
            #expect(try await listed("start_date=2026-03-09&end_date=2026-03-09") == [ids[0]])
            #expect(try await listed("start_date=2026-03-10") == [ids[1], ids[2]])
            #expect(try await listed("end_date=2026-03-10") == [ids[0], ids[1]])
            #expect(try await listed("status=cancelled") == [ids[1]])
            #expect(try await listed("contact_id=\(other)") == [ids[2]])
            let bad = try await api.call(.get, "\(base)/appointments?start_date=2026-02-30&status=late&contact_id=x", token: token)
            #expect(bad.status == .unprocessableContent)
            #expect(fieldErrors(bad, "start_date").count == 1)
            let badStatus = try await api.call(.get, "\(base)/appointments?status=late&contact_id=x", token: token)
            #expect(fieldErrors(badStatus, "status").count == 1)
            #expect(fieldErrors(badStatus, "contact_id").count == 1)
        }
    }

    @Test(arguments: Engine.enabled)
    func appointmentTypesAreManagedByAdmins(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base, _) = try await Self.setUp(api)
            let (member, _) = try await api.register(email: "member@example.com")
            try await api.addMember(base, adminToken: token, email: "member@example.com", role: "member", inviteeToken: member)
            let refused = try await api.call(.post, "\(base)/appointment-types", token: member, json: #"{"name": "X"}"#)
            #expect(refused.status == .forbidden)
            let created = try await api.call(.post, "\(base)/appointment-types", token: token, json: #"{"name": "Checkup"}"#)
            #expect(created["duration_minutes"]?.int == 30)
            #expect(created["buffer_before_minutes"]?.int == 0)
            let id = try #require(created["id"]?.string)
            let updated = try await api.call(.put, "\(base)/appointment-types/\(id)", token: token, json: #"{"buffer_after_minutes": 5}"#)
            #expect(updated["buffer_after_minutes"]?.int == 5)
            #expect(updated["name"]?.string == "Checkup")
            let invalid = try await api.call(.put, "\(base)/appointment-types/\(id)", token: token, json: #"{"duration_minutes": 0, "name": ""}"#)
            #expect(fieldErrors(invalid, "duration_minutes").count == 1)
            #expect(fieldErrors(invalid, "name").count == 1)
            #expect(try await api.call(.get, "\(base)/appointment-types", token: member)["total"]?.int == 1)
            #expect(try await api.call(.delete, "\(base)/appointment-types/\(id)", token: token).status == .noContent)
            #expect(try await api.call(.get, "\(base)/appointment-types/\(id)", token: token).status == .notFound)
        }
    }
}
