import Foundation
import HTTPTypes
import Testing
@testable import FourCalls

@Suite("Campaigns")
struct CampaignTests {
    /// A business with an agent (see `AgentAPITests.business`), `count` contacts named
    /// `Contact 0` … imported by CSV, and their ids by index.
    struct Audience {
        let business: AgentAPITests.Business
        let contactIDs: [String]
    }

    static func audience(_ api: TestAPI, count: Int, organization: String? = nil) async throws -> Audience {
        let business = try await AgentAPITests.business(api)
        var csv = "name,email,phone\n"
        for index in 0..<count { csv += "Contact \(index),contact\(index)@example.com,+1555\(String(format: "%07d", index))\n" }
        let imported = try await api.call(
            .post, "\(business.base)/contacts/import", token: business.userToken, json: csv, headers: [.contentType: "text/csv"])
        try #require(imported["created"]?.int == count, "\(imported.text)")
        var ids = [String](repeating: "", count: count)
        var page = 1
        while true {
            let listed = try await api.call(.get, "\(business.base)/contacts?per_page=100&page=\(page)", token: business.userToken)
            for contact in listed["data"]?.array ?? [] {
                let name = try #require(contact["name"]?.string)
                ids[try #require(Int(name.dropFirst("Contact ".count)))] = try #require(contact["id"]?.string)
            }
            if page >= (listed["last_page"]?.int ?? 1) { break }
            page += 1
        }
        return Audience(business: business, contactIDs: ids)
    }

    /// Creates a contact list holding `ids`; returns its id.
    static func list(_ api: TestAPI, _ b: AgentAPITests.Business, name: String, _ ids: [String]) async throws -> String {
        let created = try await api.call(.post, "\(b.base)/contact-lists", token: b.userToken, json: #"{"name": "\#(name)"}"#)
        let id = try #require(created["id"]?.string)
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let body = #"{"contact_ids": [\#(chunk.map { "\"\($0)\"" }.joined(separator: ","))]}"#
            let added = try await api.call(.post, "\(b.base)/contact-lists/\(id)/contacts", token: b.userToken, json: body)
            try #require(added.status == .ok, "\(added.text)")
        }
        return id
    }

    static func campaign(_ api: TestAPI, _ b: AgentAPITests.Business, lists: [String], extra: String = "") async throws -> String {
        let body = #"{"name": "Spring recall", "contact_list_ids": [\#(lists.map { "\"\($0)\"" }.joined(separator: ","))]\#(extra)}"#
        let created = try await api.call(.post, "\(b.base)/campaigns", token: b.userToken, json: body)
        try #require(created.status == .created, "\(created.text)")
        return try #require(created["id"]?.string)
    }

    /// Asks for the next call with the given token, or a fresh token of the business's first agent.
    static func next(_ api: TestAPI, _ b: AgentAPITests.Business, token: String? = nil) async throws -> APIResponse {
        let fresh = if let token { token } else { try await Self.token(api, AgentKey(id: b.agentID, key: b.apiKey)) }
        return try await api.call(.post, "/api/internal/ai/campaigns/\(b.businessID)/calls/next", token: fresh)
    }

    static func report(_ api: TestAPI, _ b: AgentAPITests.Business, _ callID: String, _ status: String) async throws -> APIResponse {
        try await api.call(
            .post, "/api/internal/ai/interactions/\(b.businessID)", token: try await Self.token(api, AgentKey(id: b.agentID, key: b.apiKey)),
            json: #"{"interaction_type": "call", "campaign_call_id": "\#(callID)", "status": "\#(status)", "duration_seconds": 42, "summary": "Recall call"}"#)
    }

    @Test(arguments: Engine.enabled)
    func createValidateUpdateAndDelete(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let a = try await Self.audience(api, count: 3)
            let b = a.business
            let listA = try await Self.list(api, b, name: "Q1 leads", [a.contactIDs[0], a.contactIDs[1]])
            let listB = try await Self.list(api, b, name: "Q1 referrals", [a.contactIDs[1], a.contactIDs[2]])
            let roles = try await api.call(.get, "/api/coordinator/role-templates", token: b.userToken)
            let personas = try await api.call(.get, "/api/coordinator/persona-templates", token: b.userToken)
            let coordinator = try await api.call(
                .post, "\(b.base)/coordinators", token: b.userToken,
                json: #"{"role_template_id": "\#(roles["data"]?.array?.first?["id"]?.string ?? "")", "persona_template_id": "\#(personas["data"]?.array?.first?["id"]?.string ?? "")", "display_name": "Sarah"}"#)
            let coordinatorID = try #require(coordinator["id"]?.string, "\(coordinator.text)")

            // The guide's body, as written.
            let guideBody = """
                {
                  "name": "Q1 Follow-up Campaign",
                  "description": "Follow up with Q1 leads",
                  "contact_list_ids": ["\(listA)", "\(listB)"],
                  "coordinator_id": "\(coordinatorID)",
                  "script": "Hello, this is a follow-up call...",
                  "scheduled_start": "2026-01-25T09:00:00Z",
                  "metadata": {
                    "source": "external_app",
                    "source_id": "campaign_123"
                  }
                }
                """
            let created = try await api.call(.post, "\(b.base)/campaigns", token: b.userToken, json: guideBody)
            #expect(created.status == .created)
            #expect(created["status"]?.string == "draft")
            #expect(created["contact_list_ids"]?.array?.compactMap(\.string) == [listA, listB])
            #expect(created["coordinator_id"]?.string == coordinatorID)
            #expect(created["scheduled_start"]?.string == "2026-01-25T09:00:00Z")
            #expect(created["metadata"]?["source_id"]?.string == "campaign_123")
            #expect(created["max_concurrent_calls"]?.int == 5)
            #expect(created["max_attempts"]?.int == 3)
            #expect(created["retry_delay_minutes"]?.int == 60)
            #expect(created["calling_window"]?["start"]?.string == "08:00")
            #expect(created["calling_window"]?["end"]?.string == "21:00")
            #expect(created["calling_window"]?["days"]?.array?.count == 7)
            #expect(created["stats"]?["total_contacts"]?.int == 0)
            let id = try #require(created["id"]?.string)

            // Lists and coordinators of another organization, bad windows and limits: 422 per field.
            let other = try await Self.audience(api, count: 1)
            let foreignList = try await Self.list(api, other.business, name: "Theirs", other.contactIDs)
            let invalid = try await api.call(
                .post, "\(b.base)/campaigns", token: b.userToken,
                json: #"{"name": "X", "contact_list_ids": ["\#(listA)", "\#(foreignList)"], "coordinator_id": "\#(UUID().api)"}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(!fieldErrors(invalid, "contact_list_ids.1").isEmpty)
            #expect(!fieldErrors(invalid, "coordinator_id").isEmpty)
            let malformed = try await api.call(
                .post, "\(b.base)/campaigns", token: b.userToken,
                json: #"{"contact_list_ids": [], "max_concurrent_calls": 0, "max_attempts": 11, "calling_window": {"start": "21:00", "end": "08:00", "days": ["funday"]}}"#)
            #expect(malformed.status == .unprocessableContent)
            for field in ["name", "contact_list_ids", "max_concurrent_calls", "max_attempts", "calling_window.end", "calling_window.days.0"] {
                #expect(!fieldErrors(malformed, field).isEmpty, "\(field): \(malformed.text)")
            }

            let updated = try await api.call(
                .put, "\(b.base)/campaigns/\(id)", token: b.userToken,
                json: #"{"name": "Q1 recall", "max_concurrent_calls": 2, "calling_window": {"start": "09:30", "end": "18:00", "days": ["mon", "tuesday", "fri"]}}"#)
            #expect(updated.status == .ok)
            #expect(updated["name"]?.string == "Q1 recall")
            #expect(updated["calling_window"]?["days"]?.array?.compactMap(\.string) == ["mon", "tue", "fri"])
            #expect(updated["description"]?.string == "Follow up with Q1 leads")

            let listed = try await api.call(.get, "\(b.base)/campaigns?status=draft", token: b.userToken)
            #expect(listed["total"]?.int == 1)
            #expect(try await api.call(.get, "\(b.base)/campaigns?status=running", token: b.userToken)["total"]?.int == 0)
            #expect(try await api.call(.get, "\(b.base)/campaigns?status=nope", token: b.userToken).status == .unprocessableContent)
            #expect(try await api.call(.get, "\(other.business.base)/campaigns/\(id)", token: other.business.userToken).status == .notFound)

            // Pattern 3: a scheduled_start in the past starts at once; the audience is the unique contacts.
            let started = try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken)
            #expect(started.status == .ok, "\(started.text)")
            #expect(started["status"]?.string == "running")
            #expect(started["stats"]?["total_contacts"]?.int == 3)
            #expect(started["started_at"]?.string == "2027-03-02T15:00:00Z")
            #expect(try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken).status == .conflict)
            let relist = try await api.call(.put, "\(b.base)/campaigns/\(id)", token: b.userToken, json: #"{"contact_list_ids": ["\#(listA)"]}"#)
            #expect(relist.status == .conflict)
            #expect(try await api.call(.delete, "\(b.base)/campaigns/\(id)", token: b.userToken).status == .conflict)
            #expect(try await api.call(.post, "\(b.base)/campaigns/\(id)/cancel", token: b.userToken)["status"]?.string == "cancelled")
            #expect(try await api.call(.post, "\(b.base)/campaigns/\(id)/resume", token: b.userToken).status == .conflict)
            #expect(try await Self.next(api, b).status == .noContent)
            #expect(try await api.call(.delete, "\(b.base)/campaigns/\(id)", token: b.userToken).status == .noContent)
            #expect(try await api.call(.get, "\(b.base)/campaigns/\(id)", token: b.userToken).status == .notFound)

            let events = try await api.recordedEvents().map(\.name)
            #expect(events.filter { $0 == "campaign.started" }.count == 1)
        }
    }

    /// An agent's credentials.
    struct AgentKey {
        let id: String
        let key: String
    }

    /// Another agent of the business.
    static func agent(_ api: TestAPI, _ b: AgentAPITests.Business, name: String) async throws -> AgentKey {
        let created = try await api.call(.post, "\(b.base)/ai-agents", token: b.userToken, json: #"{"name": "\#(name)"}"#)
        return AgentKey(id: try #require(created["agent_id"]?.string), key: try #require(created["api_key"]?.string))
    }

    /// A fresh one-hour access token (tests that move the clock by hours ask again).
    static func token(_ api: TestAPI, _ agent: AgentKey) async throws -> String {
        let auth = try await api.call(.post, "/api/internal/ai/auth", json: #"{"agent_id": "\#(agent.id)", "api_key": "\#(agent.key)"}"#)
        return try #require(auth["access_token"]?.string)
    }

    static func agentToken(_ api: TestAPI, _ b: AgentAPITests.Business, name: String) async throws -> String {
        try await token(api, try await agent(api, b, name: name))
    }

    /// The outcome a contact's call has on a given attempt in the full run: most answer,
    /// some answer on the retry, some never (voicemail, missed), a few fail.
    static func outcome(contact index: Int, attempt: Int) -> String {
        switch index % 10 {
        case 6, 7: attempt == 1 ? "missed" : "completed"
        case 8: "voicemail"
        case 9: "missed"
        case 5: index % 20 == 5 ? "failed" : "completed"
        default: "completed"
        }
    }

    @Test(arguments: Engine.enabled)
    func severalAgentsRunACampaignToCompletion(on engine: Engine) async throws {
        // Tuesday 10:00 in New York: inside the default window.
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let a = try await Self.audience(api, count: 200)
            let b = a.business
            let doNotContact = Set(stride(from: 0, to: 200, by: 25))
            for index in doNotContact {
                let marked = try await api.call(
                    .put, "\(b.base)/contacts/\(a.contactIDs[index])", token: b.userToken, json: #"{"status": "do_not_contact"}"#)
                try #require(marked.status == .ok)
            }
            // Two lists that share 20 contacts: 200 unique.
            let first = try await Self.list(api, b, name: "Leads", Array(a.contactIDs[0..<120]))
            let second = try await Self.list(api, b, name: "Referrals", Array(a.contactIDs[100..<200]))
            let id = try await Self.campaign(
                api, b, lists: [first, second], extra: #", "script": "Hi, it is time for your check-up.", "max_concurrent_calls": 5, "max_attempts": 3, "retry_delay_minutes": 60"#)
            let started = try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken)
            #expect(started["status"]?.string == "running")
            #expect(started["stats"]?["total_contacts"]?.int == 200)
            #expect(started["stats"]?["skipped"]?.int == doNotContact.count)

            let keys = [AgentKey(id: b.agentID, key: b.apiKey), try await Self.agent(api, b, name: "Outbound 2"), try await Self.agent(api, b, name: "Outbound 3")]
            var agents: [String] = []
            for key in keys { agents.append(try await Self.token(api, key)) }
            let indexByID = Dictionary(uniqueKeysWithValues: a.contactIDs.enumerated().map { ($1, $0) })
            var attemptsMade = 0
            var rounds = 0
            while rounds < 300 {
                rounds += 1
                // Eight asks from three agents: at most five calls are out at once.
                var leased: [(callID: String, index: Int, attempt: Int)] = []
                var refused = false
                for ask in 0..<8 {
                    let response = try await Self.next(api, b, token: agents[ask % agents.count])
                    if response.status == .noContent {
                        refused = true
                        continue
                    }
                    try #require(response.status == .ok, "\(response.text)")
                    #expect(!refused, "a call was leased after a 204 in the same round")
                    let contactID = try #require(response["contact"]?["id"]?.string)
                    let index = try #require(indexByID[contactID])
                    #expect(!doNotContact.contains(index), "a do-not-contact contact was called")
                    #expect(response["script"]?.string == "Hi, it is time for your check-up.")
                    #expect(response["campaign"]?["id"]?.string == id)
                    leased.append((try #require(response["campaign_call_id"]?.string), index, try #require(response["attempt"]?.int)))
                }
                #expect(leased.count <= 5)
                #expect(Set(leased.map(\.callID)).count == leased.count)
                if leased.isEmpty {
                    let campaign = try await api.call(.get, "\(b.base)/campaigns/\(id)", token: b.userToken)
                    if campaign["status"]?.string == "completed" { break }
                    clock.advance(by: 61 * 60)  // retries come due; access tokens last an hour
                    agents = []
                    for key in keys { agents.append(try await Self.token(api, key)) }
                    continue
                }
                let progress = try await api.call(.get, "\(b.base)/campaigns/\(id)/stats", token: b.userToken)
                #expect(progress["in_progress"]?.int == leased.count)
                for call in leased {
                    let reported = try await Self.report(api, b, call.callID, Self.outcome(contact: call.index, attempt: call.attempt))
                    try #require(reported.status == .created, "\(reported.text)")
                    attemptsMade += 1
                }
            }

            // What the run must come to, worked out from the outcome rule.
            var expected = (made: 0, completed: 0, missed: 0, voicemail: 0, failed: 0, attempts: 0)
            for index in 0..<200 where !doNotContact.contains(index) {
                expected.made += 1
                for attempt in 1...3 {
                    expected.attempts += 1
                    let result = Self.outcome(contact: index, attempt: attempt)
                    if result == "completed" || result == "failed" || attempt == 3 {
                        switch result {
                        case "completed": expected.completed += 1
                        case "missed": expected.missed += 1
                        case "voicemail": expected.voicemail += 1
                        default: expected.failed += 1
                        }
                        break
                    }
                }
            }
            #expect(attemptsMade == expected.attempts)
            let stats = try await api.call(.get, "\(b.base)/campaigns/\(id)/stats", token: b.userToken)
            #expect(stats["total_contacts"]?.int == 200)
            #expect(stats["calls_made"]?.int == expected.made)
            #expect(stats["calls_completed"]?.int == expected.completed)
            #expect(stats["calls_missed"]?.int == expected.missed)
            #expect(stats["voicemails_left"]?.int == expected.voicemail)
            let rate = (Double(expected.completed) / Double(expected.made) * 10_000).rounded() / 10_000
            #expect(stats["completion_rate"]?.double == rate)
            #expect(stats["skipped"]?.int == doNotContact.count)
            #expect(stats["failed"]?.int == expected.failed)
            #expect(stats["pending"]?.int == 0)
            #expect(stats["in_progress"]?.int == 0)
            #expect(stats.json.keys.isSuperset(of: ["total_contacts", "calls_made", "calls_completed", "calls_missed", "voicemails_left", "completion_rate"]))

            let campaign = try await api.call(.get, "\(b.base)/campaigns/\(id)", token: b.userToken)
            #expect(campaign["status"]?.string == "completed")
            #expect(campaign["completed_at"]?.string != nil)
            let events = try await api.recordedEvents()
            let completed = events.filter { $0.name == "campaign.completed" }
            #expect(completed.count == 1)
            #expect(completed.first?.data["stats"]?["calls_completed"]?.int == expected.completed)
            #expect(events.filter { $0.name == "campaign.started" }.count == 1)

            // Every attempt made a call record; each contact shows its attempts and outcome.
            #expect(try await api.call(.get, "\(b.base)/calls?per_page=1", token: b.userToken)["total"]?.int == expected.attempts)
            let voicemails = try await api.call(.get, "\(b.base)/campaigns/\(id)/calls?status=voicemail", token: b.userToken)
            #expect(voicemails["total"]?.int == expected.voicemail)
            let sample = try #require(voicemails["data"]?.array?.first)
            #expect(sample["attempts"]?.int == 3)
            #expect(sample["outcome"]?.string == "voicemail")
            #expect(sample["calls"]?.array?.count == 3)
            #expect(sample["calls"]?.array?.first?["direction"]?.string == "outbound")
            #expect(sample["calls"]?.array?.first?["to_number"]?.string == sample["contact"]?["phone"]?.string)
            let skipped = try await api.call(.get, "\(b.base)/campaigns/\(id)/calls?status=skipped", token: b.userToken)
            #expect(skipped["total"]?.int == doNotContact.count)
            #expect(skipped["data"]?.array?.first?["attempts"]?.int == 0)

            // A final result is final.
            let done = try await api.call(.get, "\(b.base)/campaigns/\(id)/calls?status=completed&per_page=1", token: b.userToken)
            let doneID = try #require(done["data"]?.array?.first?["id"]?.string)
            let again = try await Self.report(api, b, doneID, "missed")
            #expect(again.status == .conflict)
        }
    }

    @Test(arguments: Engine.enabled)
    func twentyAgentsAskingAtOnceNeverExceedTheLimit(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let a = try await Self.audience(api, count: 30)
            let b = a.business
            let list = try await Self.list(api, b, name: "All", a.contactIDs)
            let id = try await Self.campaign(api, b, lists: [list], extra: #", "max_concurrent_calls": 4"#)
            #expect(try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken)["status"]?.string == "running")
            var tokens: [String] = []
            for index in 0..<20 { tokens.append(try await Self.agentToken(api, b, name: "Agent \(index)")) }

            func askAll() async throws -> [String] {
                try await withThrowingTaskGroup(of: String?.self) { group in
                    for token in tokens {
                        group.addTask {
                            let response = try await Self.next(api, b, token: token)
                            if response.status == .noContent { return nil }
                            try #require(response.status == .ok, "\(response.text)")
                            return response["campaign_call_id"]?.string
                        }
                    }
                    var ids: [String] = []
                    for try await id in group { if let id { ids.append(id) } }
                    return ids
                }
            }
            let first = try await askAll()
            #expect(first.count == 4)
            #expect(Set(first).count == first.count)
            for callID in first.prefix(2) {
                #expect(try await Self.report(api, b, callID, "completed").status == .created)
            }
            let second = try await askAll()
            #expect(second.count == 2)
            #expect(Set(second).isDisjoint(with: first))
            #expect(Set(second).count == second.count)
            let stats = try await api.call(.get, "\(b.base)/campaigns/\(id)/stats", token: b.userToken)
            #expect(stats["in_progress"]?.int == 4)
            #expect(stats["calls_completed"]?.int == 2)

            // A lease nobody reports on returns to the queue after 15 minutes, without its attempt.
            clock.advance(by: 16 * 60)
            let released = try await askAll()
            #expect(released.count == 4)
            #expect(Set(released).isSubset(of: Set(first.suffix(2) + second)))
            let calls = try await api.call(.get, "\(b.base)/campaigns/\(id)/calls?status=in_progress", token: b.userToken)
            #expect(calls["data"]?.array?.allSatisfy { $0["attempts"]?.int == 1 } == true)
        }
    }

    @Test(arguments: Engine.enabled)
    func callingWindowsAreReadInEachContactsTimeZone(on engine: Engine) async throws {
        // Tuesday 08:00 in New York is 05:00 in Los Angeles.
        let clock = ManualClock(Timestamps.parse("2027-03-02T13:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let a = try await Self.audience(api, count: 2)
            let b = a.business
            let pacific = try await api.call(
                .put, "\(b.base)/contacts/\(a.contactIDs[1])", token: b.userToken, json: #"{"timezone": "America/Los_Angeles"}"#)
            try #require(pacific.status == .ok)
            let list = try await Self.list(api, b, name: "Coast to coast", a.contactIDs)
            let id = try await Self.campaign(api, b, lists: [list], extra: #", "calling_window": {"start": "08:00", "end": "21:00", "days": ["mon", "tue", "wed", "thu", "fri"]}"#)
            _ = try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken)

            let eastern = try await Self.next(api, b)
            #expect(eastern["contact"]?["id"]?.string == a.contactIDs[0])
            #expect(try await Self.next(api, b).status == .noContent, "05:00 in Los Angeles is outside the window")
            _ = try await Self.report(api, b, try #require(eastern["campaign_call_id"]?.string), "completed")
            clock.advance(by: 2 * 3600 + 59 * 60)  // 07:59 in Los Angeles
            #expect(try await Self.next(api, b).status == .noContent)
            clock.advance(by: 60)  // 08:00 in Los Angeles
            let west = try await Self.next(api, b)
            #expect(west["contact"]?["id"]?.string == a.contactIDs[1])
            _ = try await Self.report(api, b, try #require(west["campaign_call_id"]?.string), "voicemail")

            // The retry falls on Saturday: not a calling day, until Monday 08:00 in Los Angeles.
            clock.set(Timestamps.parse("2027-03-06T18:00:00Z")!)
            #expect(try await Self.next(api, b).status == .noContent)
            clock.set(Timestamps.parse("2027-03-08T15:59:00Z")!)  // Monday 07:59 Pacific
            #expect(try await Self.next(api, b).status == .noContent)
            clock.set(Timestamps.parse("2027-03-08T16:00:00Z")!)
            let retry = try await Self.next(api, b)
            #expect(retry["contact"]?["id"]?.string == a.contactIDs[1])
            #expect(retry["attempt"]?.int == 2)
        }
    }

    @Test(arguments: Engine.enabled)
    func scheduledCampaignsStartAtTheirTimeAndPauseStopsCalls(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let a = try await Self.audience(api, count: 3)
            let b = a.business
            let list = try await Self.list(api, b, name: "Later", a.contactIDs)
            let id = try await Self.campaign(api, b, lists: [list], extra: #", "scheduled_start": "2027-03-02T17:00:00Z""#)
            let started = try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken)
            #expect(started["status"]?.string == "scheduled")
            #expect(started["started_at"]?.isNull == true)
            #expect(started["stats"]?["pending"]?.int == 3)
            #expect(try await Self.next(api, b).status == .noContent)
            #expect(try await api.recordedEvents().filter { $0.name == "campaign.started" }.isEmpty)

            clock.advance(by: 2 * 3600)
            let first = try await Self.next(api, b)
            #expect(first.status == .ok)
            let campaign = try await api.call(.get, "\(b.base)/campaigns/\(id)", token: b.userToken)
            #expect(campaign["status"]?.string == "running")
            #expect(campaign["started_at"]?.string == "2027-03-02T17:00:00Z")
            #expect(try await api.recordedEvents().filter { $0.name == "campaign.started" }.count == 1)

            #expect(try await api.call(.post, "\(b.base)/campaigns/\(id)/pause", token: b.userToken)["status"]?.string == "paused")
            #expect(try await Self.next(api, b).status == .noContent)
            // A call in progress still reports while paused.
            #expect(try await Self.report(api, b, try #require(first["campaign_call_id"]?.string), "completed").status == .created)
            #expect(try await api.call(.post, "\(b.base)/campaigns/\(id)/resume", token: b.userToken)["status"]?.string == "running")
            for _ in 0..<2 {
                let call = try await Self.next(api, b)
                #expect(try await Self.report(api, b, try #require(call["campaign_call_id"]?.string), "completed").status == .created)
            }
            let done = try await api.call(.get, "\(b.base)/campaigns/\(id)", token: b.userToken)
            #expect(done["status"]?.string == "completed")
            #expect(done["stats"]?["completion_rate"]?.double == 1)

            // An audience nobody may call completes at once.
            let nobody = try await Self.list(api, b, name: "Empty", [])
            let empty = try await Self.campaign(api, b, lists: [nobody])
            let emptyStart = try await api.call(.post, "\(b.base)/campaigns/\(empty)/start", token: b.userToken)
            #expect(emptyStart["status"]?.string == "completed")
            #expect(emptyStart["stats"]?["completion_rate"]?.double == 0)

            // Viewers read campaigns but do not run them.
            let viewer = try await api.register(name: "Vic", email: "viewer@example.com")
            try await api.addMember(b.base, adminToken: b.userToken, email: "viewer@example.com", role: "viewer", inviteeToken: viewer.token)
            #expect(try await api.call(.get, "\(b.base)/campaigns/\(id)", token: viewer.token).status == .ok)
            #expect(try await api.call(.post, "\(b.base)/campaigns/\(id)/pause", token: viewer.token).status == .forbidden)
        }
    }

    @Test(arguments: Engine.enabled)
    func simultaneousLastResultsCompleteTheCampaignOnce(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let a = try await Self.audience(api, count: 8)
            let b = a.business
            let list = try await Self.list(api, b, name: "All", a.contactIDs)
            let id = try await Self.campaign(api, b, lists: [list], extra: #", "max_concurrent_calls": 8"#)
            _ = try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken)
            var callIDs: [String] = []
            for _ in 0..<8 { callIDs.append(try #require(try await Self.next(api, b, token: b.agentToken)["campaign_call_id"]?.string)) }
            // Every last result at once: each sees the others' calls still open unless they take turns.
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for callID in callIDs {
                    group.addTask { Int(try await Self.report(api, b, callID, "completed").status.code) }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 201 })
            #expect(try await api.call(.get, "\(b.base)/campaigns/\(id)", token: b.userToken)["status"]?.string == "completed")
            #expect(try await api.recordedEvents().filter { $0.name == "campaign.completed" }.count == 1)
        }
    }

    @Test(arguments: Engine.enabled)
    func theSchedulerStartsScheduledCampaignsAndReleasesExpiredLeases(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let a = try await Self.audience(api, count: 2)
            let b = a.business
            let list = try await Self.list(api, b, name: "All", a.contactIDs)
            let now = try await Self.campaign(api, b, lists: [list])
            _ = try await api.call(.post, "\(b.base)/campaigns/\(now)/start", token: b.userToken)
            let later = try await Self.campaign(api, b, lists: [list], extra: #", "scheduled_start": "2027-03-02T16:00:00Z""#)
            _ = try await api.call(.post, "\(b.base)/campaigns/\(later)/start", token: b.userToken)
            let leased = try await Self.next(api, b, token: b.agentToken)
            #expect(leased["campaign"]?["id"]?.string == now)

            // The background service, with nobody asking for calls.
            let storage = try await openStorage(DatabaseURL(parsing: api.databaseURL), logger: .init(label: "test"))
            let services = Task { for service in storage.services { try await service.run() } }
            defer { services.cancel() }
            let scheduler = CampaignDialer(storage: storage, clock: clock)
            clock.advance(by: 16 * 60)
            try await scheduler.tick()
            #expect(try await api.call(.get, "\(b.base)/campaigns/\(later)", token: b.userToken)["status"]?.string == "scheduled")
            let stats = try await api.call(.get, "\(b.base)/campaigns/\(now)/stats", token: b.userToken)
            #expect(stats["in_progress"]?.int == 0)
            #expect(stats["pending"]?.int == 2)
            clock.advance(by: 45 * 60)
            try await scheduler.tick()
            let started = try await api.call(.get, "\(b.base)/campaigns/\(later)", token: b.userToken)
            #expect(started["status"]?.string == "running")
            #expect(started["started_at"]?.string == "2027-03-02T16:01:00Z")
            #expect(try await api.recordedEvents().filter { $0.name == "campaign.started" }.count == 2)
            await storage.shutdown()
        }
    }
}
