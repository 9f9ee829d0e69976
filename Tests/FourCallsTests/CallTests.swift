import Foundation
import Testing
@testable import FourCalls

@Suite("Calls, statistics and dashboard")
struct CallTests {
    @Test(arguments: Engine.enabled)
    func logShowAndEvents(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let contact = try await api.createContact(base, token: token, json: #"{"name": "Caller"}"#)
            let response = try await api.call(
                .post, "\(base)/calls", token: token,
                json: """
                    {"contact_id": "\(contact)", "direction": "inbound", "status": "completed", "from_number": "(555) 010-2000",
                     "to_number": "+15550103000", "started_at": "2026-01-20T10:00:00Z", "duration_seconds": 180,
                     "transcript": "Hi...", "summary": "Booked a cleaning", "outcome": "appointment_booked",
                     "recording_url": "https://recordings.example.com/1.mp3", "metadata": {"provider": "twilio"}}
                    """)
            #expect(response.status == .created)
            #expect(response["from_number"]?.string == "+15550102000")
            #expect(response["duration_seconds"]?.int == 180)
            #expect(response["started_at"]?.string == "2026-01-20T10:00:00Z")
            #expect(response["outcome"]?.string == "appointment_booked")
            #expect(response["coordinator_id"] == .null)
            let id = try #require(response["id"]?.string)
            #expect(try await api.call(.get, "\(base)/calls/\(id)", token: token).json == response.json)

            for status in ["missed", "voicemail", "failed"] {
                let logged = try await api.call(.post, "\(base)/calls", token: token, json: #"{"direction": "outbound", "status": "\#(status)"}"#)
                #expect(logged.status == .created)
            }
            let events = try await api.recordedEvents().map(\.name).filter { $0.hasPrefix("call.") }
            #expect(events == ["call.completed", "call.missed", "call.missed"])

            let invalid = try await api.call(
                .post, "\(base)/calls", token: token,
                json: #"{"direction": "sideways", "duration_seconds": -1, "recording_url": "ftp://x", "contact_id": "\#(UUID().api)"}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(fieldErrors(invalid, "direction").count == 1)
            #expect(fieldErrors(invalid, "status") == ["The status field is required."])
            #expect(fieldErrors(invalid, "duration_seconds").count == 1)
            #expect(fieldErrors(invalid, "recording_url").count == 1)
            let foreign = try await api.call(.post, "\(base)/calls", token: token, json: #"{"direction": "inbound", "status": "completed", "contact_id": "\#(UUID().api)"}"#)
            #expect(fieldErrors(foreign, "contact_id") == ["The selected contact id is invalid."])
        }
    }

    /// Calls around midnight in Los Angeles (UTC-8 in January): the day is the local one.
    static func logCalls(_ api: TestAPI, token: String, base: String, coordinator: String?) async throws {
        let calls: [(String, String, Int, Bool)] = [
            ("2026-01-15T07:59:00Z", "completed", 100, false),  // 23:59 on the 14th in LA
            ("2026-01-15T08:00:00Z", "completed", 200, true),  // 00:00 on the 15th
            ("2026-01-15T20:00:00Z", "missed", 0, true),
            ("2026-01-16T07:59:59Z", "voicemail", 30, false),  // 23:59:59 on the 15th
            ("2026-01-16T08:00:01Z", "completed", 301, false),  // 00:00:01 on the 16th
            ("2026-01-16T09:00:00Z", "failed", 5, false),
        ]
        for (time, status, seconds, byCoordinator) in calls {
            let coordinatorPart = byCoordinator ? coordinator.map { #", "coordinator_id": "\#($0)""# } ?? "" : ""
            let response = try await api.call(
                .post, "\(base)/calls", token: token,
                json: #"{"direction": "inbound", "status": "\#(status)", "started_at": "\#(time)", "duration_seconds": \#(seconds)\#(coordinatorPart)}"#)
            try #require(response.status == .created, "\(response.text)")
        }
    }

    @Test(arguments: Engine.enabled)
    func statsMatchTheGuideAndLocalDays(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization(json: #"{"name": "West", "timezone": "America/Los_Angeles"}"#)
            try await Self.logCalls(api, token: token, base: base, coordinator: nil)
            let stats = try await api.call(.get, "\(base)/calls/stats", token: token)
            #expect(stats.status == .ok)
            #expect(stats["total_calls"]?.int == 6)
            #expect(stats["completed_calls"]?.int == 3)
            #expect(stats["missed_calls"]?.int == 1)
            #expect(stats["voicemails"]?.int == 1)
            #expect(stats["failed_calls"]?.int == 1)
            #expect(stats["average_duration_seconds"] == .double(200.33))  // (100 + 200 + 301) / 3
            #expect(stats["calls_by_date"] == .object(["2026-01-14": .int(1), "2026-01-15": .int(3), "2026-01-16": .int(2)]))

            let day = try await api.call(.get, "\(base)/calls/stats?start_date=2026-01-15&end_date=2026-01-15", token: token)
            #expect(day["total_calls"]?.int == 3)
            #expect(day["completed_calls"]?.int == 1)
            #expect(day["average_duration_seconds"]?.int == 200)
            #expect(day["calls_by_date"] == .object(["2026-01-15": .int(3)]))
            let empty = try await api.call(.get, "\(base)/calls/stats?start_date=2027-01-01", token: token)
            #expect(empty["total_calls"]?.int == 0)
            #expect(empty["average_duration_seconds"]?.int == 0)
            #expect(empty["calls_by_date"] == .object([:]))
        }
    }

    @Test(arguments: Engine.enabled)
    func statsFollowATimeZoneChangeAndAgreeWithTheCallsThemselves(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization(json: #"{"name": "West", "timezone": "America/Los_Angeles"}"#)
            try await Self.logCalls(api, token: token, base: base, coordinator: nil)
            // Moving the business to New York (UTC-5) moves the calls near midnight to other days.
            let moved = try await api.call(.put, base, token: token, json: #"{"timezone": "America/New_York"}"#)
            #expect(moved.status == .ok)
            let stats = try await api.call(.get, "\(base)/calls/stats", token: token)
            #expect(stats["calls_by_date"] == .object(["2026-01-15": .int(3), "2026-01-16": .int(3)]))
            #expect(stats["total_calls"]?.int == 6)
            // A contact filter reads the calls themselves: the same answers for that contact's calls.
            let contact = try await api.createContact(base, token: token, json: #"{"name": "Sam"}"#)
            for (time, status) in [("2026-01-15T04:30:00Z", "completed"), ("2026-01-15T05:30:00Z", "missed")] {
                let logged = try await api.call(
                    .post, "\(base)/calls", token: token,
                    json: #"{"direction": "outbound", "status": "\#(status)", "started_at": "\#(time)", "duration_seconds": 60, "contact_id": "\#(contact)"}"#)
                try #require(logged.status == .created)
            }
            let byContact = try await api.call(.get, "\(base)/calls/stats?contact_id=\(contact)", token: token)
            #expect(byContact["calls_by_date"] == .object(["2026-01-14": .int(1), "2026-01-15": .int(1)]))
            let outbound = try await api.call(.get, "\(base)/calls/stats?direction=outbound", token: token)
            #expect(outbound["calls_by_date"] == byContact["calls_by_date"])
            #expect(outbound["total_calls"] == byContact["total_calls"])
            #expect(outbound["average_duration_seconds"] == byContact["average_duration_seconds"])
            let all = try await api.call(.get, "\(base)/calls/stats?start_date=2026-01-14&end_date=2026-01-14", token: token)
            #expect(all["total_calls"]?.int == 1)
        }
    }

    @Test(arguments: Engine.enabled)
    func listFilters(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization(json: #"{"name": "West", "timezone": "America/Los_Angeles"}"#)
            let roles = try await api.call(.get, "/api/coordinator/role-templates", token: token)
            let personas = try await api.call(.get, "/api/coordinator/persona-templates", token: token)
            let coordinator = try await api.call(
                .post, "\(base)/coordinators", token: token,
                json: #"{"display_name": "Sam", "role_template_id": "\#(roles["data"]?[0]?["id"]?.string ?? "")", "persona_template_id": "\#(personas["data"]?[0]?["id"]?.string ?? "")"}"#)
            let coordinatorID = try #require(coordinator["id"]?.string)
            try await Self.logCalls(api, token: token, base: base, coordinator: coordinatorID)
            func times(_ query: String) async throws -> [String] {
                let response = try await api.call(.get, "\(base)/calls?\(query)", token: token)
                #expect(response.status == .ok, "\(query): \(response.text)")
                return response["data"]?.array?.compactMap { $0["started_at"]?.string } ?? []
            }
            #expect(try await times("") == [
                "2026-01-16T09:00:00Z", "2026-01-16T08:00:01Z", "2026-01-16T07:59:59Z", "2026-01-15T20:00:00Z",
                "2026-01-15T08:00:00Z", "2026-01-15T07:59:00Z",
            ])
            #expect(try await times("start_date=2026-01-15&end_date=2026-01-15") == ["2026-01-16T07:59:59Z", "2026-01-15T20:00:00Z", "2026-01-15T08:00:00Z"])
            #expect(try await times("status=completed") == ["2026-01-16T08:00:01Z", "2026-01-15T08:00:00Z", "2026-01-15T07:59:00Z"])
            #expect(try await times("coordinator_id=\(coordinatorID)") == ["2026-01-15T20:00:00Z", "2026-01-15T08:00:00Z"])
            #expect(try await times("coordinator_id=\(coordinatorID)&status=missed") == ["2026-01-15T20:00:00Z"])
            let stats = try await api.call(.get, "\(base)/calls/stats?coordinator_id=\(coordinatorID)", token: token)
            #expect(stats["total_calls"]?.int == 2)
            let bad = try await api.call(.get, "\(base)/calls?status=busy&coordinator_id=1&end_date=15-01-2026", token: token)
            #expect(bad.status == .unprocessableContent)
            #expect(fieldErrors(bad, "end_date").count == 1)
        }
    }

    @Test(arguments: Engine.enabled)
    func dashboardCountsTodayInTheOrganizationsZone(on engine: Engine) async throws {
        // 2026-01-15T07:30Z is 23:30 on the 14th in Los Angeles.
        let clock = ManualClock(Timestamps.parse("2026-01-15T07:30:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let (token, base) = try await api.organization(json: #"{"name": "West", "timezone": "America/Los_Angeles"}"#)
            try await Self.logCalls(api, token: token, base: base, coordinator: nil)
            let contact = try await api.createContact(base, token: token, json: #"{"name": "Patient"}"#)
            for time in ["2026-01-15T06:00:00Z", "2026-01-15T07:45:00Z", "2026-01-15T09:00:00Z"] {
                _ = try await api.call(.post, "\(base)/appointments", token: token, json: #"{"contact_id": "\#(contact)", "scheduled_at": "\#(time)"}"#)
            }
            let metrics = try await api.call(.get, "\(base)/dashboard/metrics", token: token)
            #expect(metrics.status == .ok)
            #expect(metrics.json == .object([
                "total_calls": .int(6), "today_calls": .int(1), "total_appointments": .int(3), "today_appointments": .int(2),
                "total_contacts": .int(1), "active_coordinators": .int(0),
            ]))
            clock.set(Timestamps.parse("2026-01-15T08:30:00Z")!)  // 00:30 on the 15th
            let next = try await api.call(.get, "\(base)/dashboard/metrics", token: token)
            #expect(next["today_calls"]?.int == 3)
            #expect(next["today_appointments"]?.int == 1)
        }
    }
}
