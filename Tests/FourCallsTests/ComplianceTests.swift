import Foundation
import HTTPTypes
import Testing
@testable import FourCalls

/// Outbound calling compliance (CONTRACT section 12): the suppression list, opt-outs, quiet
/// hours, consent, per-outcome retries, the daily cap and preflight.
@Suite("Outbound compliance")
struct ComplianceTests {
    typealias C = CampaignTests

    /// Asks for the next call of one campaign (a fresh agent token each time: the clock jumps hours).
    static func lease(_ api: TestAPI, _ b: AgentAPITests.Business, campaign: String) async throws -> APIResponse {
        try await api.call(
            .post, "/api/internal/ai/campaigns/\(b.businessID)/calls/next",
            token: try await C.token(api, C.AgentKey(id: b.agentID, key: b.apiKey)), json: #"{"campaign_id": "\#(campaign)"}"#)
    }

    static func contact(_ api: TestAPI, _ b: AgentAPITests.Business, _ json: String) async throws -> String {
        let created = try await api.call(.post, "\(b.base)/contacts", token: b.userToken, json: json)
        try #require(created.status == .created, "\(created.text)")
        return try #require(created["id"]?.string)
    }

    static func suppress(_ api: TestAPI, _ b: AgentAPITests.Business, _ phone: String) async throws {
        let added = try await api.call(.post, "\(b.base)/suppressions", token: b.userToken, json: #"{"phone": "\#(phone)"}"#)
        try #require(added.status == .created, "\(added.text)")
    }

    @Test(arguments: Engine.enabled)
    func theSuppressionListIsKeptByHandAndByCSV(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let b = try await AgentAPITests.business(api)
            let path = "\(b.base)/suppressions"
            let added = try await api.call(.post, path, token: b.userToken, json: #"{"phone": "(555) 000-0001"}"#)
            #expect(added.status == .created)
            #expect(added["phone"]?.string == "+15550000001")
            #expect(added["reason"]?.string == "manual")
            #expect(added["call_id"]?.isNull == true)
            let again = try await api.call(.post, path, token: b.userToken, json: #"{"phone": "+1 555 000 0001", "reason": "other"}"#)
            #expect(again.status == .ok)
            #expect(again["id"]?.string == added["id"]?.string)
            #expect(again["reason"]?.string == "manual")
            let malformed = try await api.call(.post, path, token: b.userToken, json: #"{"phone": "12ab", "reason": "x"}"#)
            #expect(malformed.status == .unprocessableContent)
            #expect(!fieldErrors(malformed, "phone").isEmpty)
            #expect(!fieldErrors(try await api.call(.post, path, token: b.userToken, json: "{}"), "phone").isEmpty)

            // CSV: created, updated (a phone already there), and a bad row named by its line.
            let csv = "phone,reason\n+15550000002,asked by letter\n555-000-0003,\nnot-a-phone,x\n+15550000001,complaint\n"
            let report = try await api.call(.post, "\(path)/import", token: b.userToken, json: csv, headers: [.contentType: "text/csv"])
            #expect(report.status == .ok, "\(report.text)")
            #expect(report["created"]?.int == 2)
            #expect(report["updated"]?.int == 1)
            #expect(report["failed"]?.int == 1)
            #expect(report["errors"]?.array?.first?["row"]?.int == 4)
            #expect(report["errors"]?.array?.first?["errors"]?["phone"] != nil)
            let listed = try await api.call(.get, "\(path)?per_page=100", token: b.userToken)
            #expect(listed["total"]?.int == 3)
            let entries = Dictionary(uniqueKeysWithValues: (listed["data"]?.array ?? []).map { ($0["phone"]?.string ?? "", $0["reason"]?.string ?? "") })
            #expect(entries == ["+15550000001": "complaint", "+15550000002": "asked by letter", "+15550000003": "manual"])
            for bad in ["", "reason\nx\n"] {
                let refused = try await api.call(.post, "\(path)/import", token: b.userToken, json: bad, headers: [.contentType: "text/csv"])
                #expect(refused.status == .unprocessableContent)
                #expect(!fieldErrors(refused, "file").isEmpty)
            }

            // Deleted in any format; a phone not on the list is a 404.
            #expect(try await api.call(.delete, "\(path)/5550000003", token: b.userToken).status == .noContent)
            #expect(try await api.call(.delete, "\(path)/%2B15550000002", token: b.userToken).status == .noContent)
            #expect(try await api.call(.delete, "\(path)/+15550000002", token: b.userToken).status == .notFound)
            #expect(try await api.call(.delete, "\(path)/not-a-phone", token: b.userToken).status == .notFound)
            #expect(try await api.call(.get, path, token: b.userToken)["total"]?.int == 1)

            // Viewers read the list; they do not change it. Other organizations do not see it.
            let viewer = try await api.register(name: "Vic", email: "viewer@example.com")
            try await api.addMember(b.base, adminToken: b.userToken, email: "viewer@example.com", role: "viewer", inviteeToken: viewer.token)
            #expect(try await api.call(.get, path, token: viewer.token)["total"]?.int == 1)
            #expect(try await api.call(.post, path, token: viewer.token, json: #"{"phone": "+15550000009"}"#).status == .forbidden)
            let other = try await AgentAPITests.business(api)
            #expect(try await api.call(.get, "\(other.base)/suppressions", token: other.userToken)["total"]?.int == 0)
            #expect(try await api.call(.get, path, token: other.userToken).status == .notFound)
        }
    }

    @Test(arguments: Engine.enabled)
    func preflightCountsEachReasonOnceAndTheStartSkipsThem(on engine: Engine) async throws {
        // Tuesday 22:00 in New York: the first call can go out at 08:00 the next morning.
        let clock = ManualClock(Timestamps.parse("2027-03-03T03:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let b = try await AgentAPITests.business(api)
            let consent = #""consent_at": "2026-11-01T10:00:00Z""#
            var ids: [String: String] = [:]
            ids["dnc"] = try await Self.contact(api, b, #"{"name": "Dee", "phone": "+15550000100", "status": "do_not_contact", \#(consent)}"#)
            ids["noPhone"] = try await Self.contact(api, b, #"{"name": "Nora", \#(consent)}"#)
            ids["invalid"] = try await Self.contact(api, b, #"{"name": "Ian", "phone": "+1555000123", \#(consent)}"#)
            ids["suppressed"] = try await Self.contact(api, b, #"{"name": "Sue", "phone": "+15550000103", \#(consent)}"#)
            ids["first"] = try await Self.contact(api, b, #"{"name": "Fay", "phone": "+15550000104", \#(consent)}"#)
            clock.advance(by: 1)
            ids["duplicate"] = try await Self.contact(api, b, #"{"name": "Dup", "phone": "+15550000104", "email": "dup@example.com", \#(consent)}"#)
            ids["dncAndSuppressed"] = try await Self.contact(api, b, #"{"name": "Both", "phone": "+15550000106", "status": "do_not_contact"}"#)
            // Consent through the CSV import: one with it, one without.
            let csv = "name,phone,consent_at\nCora,+15550000107,2026-10-01T09:00:00-04:00\nNed,+15550000108,\n"
            let imported = try await api.call(.post, "\(b.base)/contacts/import", token: b.userToken, json: csv, headers: [.contentType: "text/csv"])
            #expect(imported["created"]?.int == 2, "\(imported.text)")
            let found = try await api.call(.get, "\(b.base)/contacts?search=Cora", token: b.userToken)
            #expect(found["data"]?.array?.first?["consent_at"]?.string == "2026-10-01T13:00:00Z")
            ids["consented"] = try #require(found["data"]?.array?.first?["id"]?.string)
            ids["noConsent"] = try #require(try await api.call(.get, "\(b.base)/contacts?search=Ned", token: b.userToken)["data"]?.array?.first?["id"]?.string)
            try await Self.suppress(api, b, "+15550000103")
            try await Self.suppress(api, b, "+15550000106")

            let list = try await C.list(api, b, name: "Everyone", Array(ids.values))
            let id = try await C.campaign(api, b, lists: [list], extra: #", "require_consent": true"#)
            let preflight = try await api.call(.get, "\(b.base)/campaigns/\(id)/preflight", token: b.userToken)
            #expect(preflight.status == .ok, "\(preflight.text)")
            #expect(preflight["total_contacts"]?.int == 9)
            #expect(preflight["would_call"]?.int == 2)
            let expected = ["do_not_contact": 2, "no_phone": 1, "invalid_phone": 1, "suppressed": 1, "duplicate_phone": 1, "no_consent": 1]
            for (reason, count) in expected {
                #expect(preflight["excluded"]?[reason]?.int == count, "\(reason): \(preflight.text)")
            }
            #expect(preflight["first_call_at"]?.string == "2027-03-03T13:00:00Z")
            // Without consent required, the contact without it would be called too.
            _ = try await api.call(.put, "\(b.base)/campaigns/\(id)", token: b.userToken, json: #"{"require_consent": false}"#)
            let relaxed = try await api.call(.get, "\(b.base)/campaigns/\(id)/preflight", token: b.userToken)
            #expect(relaxed["would_call"]?.int == 3)
            #expect(relaxed["excluded"]?["no_consent"]?.int == 0)
            _ = try await api.call(.put, "\(b.base)/campaigns/\(id)", token: b.userToken, json: #"{"require_consent": true}"#)

            // Started: the excluded contacts are skipped with their reasons; only the others are called.
            let started = try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken)
            #expect(started["stats"]?["skipped"]?.int == 7)
            #expect(started["require_consent"]?.bool == true)
            let skipped = try await api.call(.get, "\(b.base)/campaigns/\(id)/calls?status=skipped&per_page=100", token: b.userToken)
            var reasons: [String: String] = [:]
            for call in skipped["data"]?.array ?? [] { reasons[call["contact_id"]?.string ?? ""] = call["skip_reason"]?.string }
            #expect(reasons[ids["dnc"]!] == "do_not_contact")
            #expect(reasons[ids["dncAndSuppressed"]!] == "do_not_contact")
            #expect(reasons[ids["noPhone"]!] == "no_phone")
            #expect(reasons[ids["invalid"]!] == "invalid_phone")
            #expect(reasons[ids["suppressed"]!] == "suppressed")
            #expect(reasons[ids["duplicate"]!] == "duplicate_phone")
            #expect(reasons[ids["noConsent"]!] == "no_consent")
            #expect(try await C.next(api, b).status == .noContent, "22:00 in New York is inside quiet hours")
            clock.set(Timestamps.parse("2027-03-03T13:00:00Z")!)
            var called: Set<String> = []
            for _ in 0..<2 {
                let leased = try await C.next(api, b)
                called.insert(try #require(leased["contact"]?["id"]?.string, "\(leased.text)"))
            }
            #expect(called == [ids["first"]!, ids["consented"]!])
            #expect(try await C.next(api, b).status == .noContent)
            let after = try await api.call(.get, "\(b.base)/campaigns/\(id)/preflight", token: b.userToken)
            #expect(after["total_contacts"]?.int == 9)
            #expect(after["first_call_at"]?.string == "2027-03-03T13:00:00Z")
            // A campaign nobody may call has no first call.
            let nobody = try await C.list(api, b, name: "Nobody", [ids["dnc"]!])
            let none = try await C.campaign(api, b, lists: [nobody])
            #expect(try await api.call(.get, "\(b.base)/campaigns/\(none)/preflight", token: b.userToken)["first_call_at"]?.isNull == true)
            #expect(try await api.call(.get, "\(b.base)/campaigns/\(UUID().api)/preflight", token: b.userToken).status == .notFound)
        }
    }

    @Test(arguments: Engine.enabled)
    func aPhoneSuppressedWhileACampaignRunsIsNotLeasedAgain(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let a = try await C.audience(api, count: 3)
            let b = a.business
            let list = try await C.list(api, b, name: "All", a.contactIDs)
            let id = try await C.campaign(api, b, lists: [list])
            _ = try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken)
            try await Self.suppress(api, b, "+15550000001")  // Contact 1's phone
            var leased: [String] = []
            for _ in 0..<2 { leased.append(try #require(try await C.next(api, b)["contact"]?["id"]?.string)) }
            #expect(Set(leased) == [a.contactIDs[0], a.contactIDs[2]])
            #expect(try await C.next(api, b).status == .noContent)
            let skipped = try await api.call(.get, "\(b.base)/campaigns/\(id)/calls?status=skipped", token: b.userToken)
            #expect(skipped["data"]?.array?.map { $0["contact_id"]?.string } == [a.contactIDs[1]])
            #expect(skipped["data"]?.array?.first?["skip_reason"]?.string == "suppressed")
        }
    }

    @Test(arguments: Engine.enabled)
    func fiftyConcurrentLeasesNeverHandOutASuppressedNumber(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let a = try await C.audience(api, count: 60)
            let b = a.business
            let list = try await C.list(api, b, name: "All", a.contactIDs)
            let id = try await C.campaign(api, b, lists: [list], extra: #", "max_concurrent_calls": 100"#)
            let suppressedBefore = (0..<5).map { "+1555\(String(format: "%07d", $0 * 7))" }
            for phone in suppressedBefore { try await Self.suppress(api, b, phone) }
            _ = try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken)
            // Suppressed after the start: their calls are pending, and only the lease-time check stops them.
            let suppressedAfter = (0..<5).map { "+1555\(String(format: "%07d", 2 + $0 * 10))" }
            for phone in suppressedAfter { try await Self.suppress(api, b, phone) }
            let suppressed = Set(suppressedBefore + suppressedAfter)
            let phones = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let leased = try await C.next(api, b, token: b.agentToken)
                        return leased.status == .ok ? leased["contact"]?["phone"]?.string : "none"
                    }
                }
                return try await group.reduce(into: [String]()) { if let phone = $1 { $0.append(phone) } }
            }
            let handedOut = phones.filter { $0 != "none" }
            #expect(Set(handedOut).count == handedOut.count, "a number was handed out twice")
            #expect(Set(handedOut).intersection(suppressed).isEmpty, "a suppressed number was handed out")
            // Whatever the interleaving, every number not suppressed is handed out once in the end.
            var rest: [String] = []
            while true {
                let leased = try await C.next(api, b, token: b.agentToken)
                guard leased.status == .ok else { break }
                rest.append(try #require(leased["contact"]?["phone"]?.string))
            }
            let all = handedOut + rest
            #expect(all.count == 50)
            #expect(Set(all).intersection(suppressed).isEmpty)
            let stats = try await api.call(.get, "\(b.base)/campaigns/\(id)/stats", token: b.userToken)
            #expect(stats["skipped"]?.int == 10)
            #expect(stats["in_progress"]?.int == 50)
        }
    }

    @Test(arguments: Engine.enabled)
    func quietHoursHoldAt0800And2100InEachContactsZoneOnADaylightSavingDay(on engine: Engine) async throws {
        // Sunday 14 March 2027: New York moves to EDT (UTC-4) at 07:00Z; London stays on GMT.
        let clock = ManualClock(Timestamps.parse("2027-03-14T00:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let b = try await AgentAPITests.business(api)
            let york1 = try await Self.contact(api, b, #"{"name": "York 1", "phone": "+12125550101"}"#)
            let york2 = try await Self.contact(api, b, #"{"name": "York 2", "phone": "+12125550102"}"#)
            let london1 = try await Self.contact(api, b, #"{"name": "London 1", "phone": "+442079460001", "timezone": "Europe/London"}"#)
            let london2 = try await Self.contact(api, b, #"{"name": "London 2", "phone": "+442079460002", "timezone": "Europe/London"}"#)
            let london3 = try await Self.contact(api, b, #"{"name": "London 3", "phone": "+442079460003", "timezone": "Europe/London"}"#)
            // The campaigns' own windows allow every hour: quiet hours still apply.
            let allDay = #", "calling_window": {"start": "00:00", "end": "24:00"}"#
            let mixed = try await C.campaign(api, b, lists: [try await C.list(api, b, name: "Mixed", [york1, york2, london1])], extra: allDay)
            let london = try await C.campaign(api, b, lists: [try await C.list(api, b, name: "London", [london2, london3])], extra: allDay)
            for id in [mixed, london] { _ = try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken) }
            func at(_ time: String) { clock.set(Timestamps.parse(time)!) }
            func contact(_ response: APIResponse) -> String? { response["contact"]?["id"]?.string }

            at("2027-03-14T07:59:00Z")  // London 07:59
            #expect(try await C.next(api, b).status == .noContent)
            at("2027-03-14T08:00:00Z")  // London 08:00
            let first = try await Self.lease(api, b, campaign: mixed)
            #expect(contact(first) == london1)
            _ = try await C.report(api, b, try #require(first["campaign_call_id"]?.string), "completed")
            at("2027-03-14T11:59:00Z")  // New York 07:59 EDT
            #expect(try await Self.lease(api, b, campaign: mixed).status == .noContent)
            at("2027-03-14T12:00:00Z")  // New York 08:00 EDT (07:00 had the clocks not changed)
            let york = try await Self.lease(api, b, campaign: mixed)
            let early = try #require(contact(york))
            #expect([york1, york2].contains(early))
            _ = try await C.report(api, b, try #require(york["campaign_call_id"]?.string), "missed")
            at("2027-03-14T20:59:00Z")  // London 20:59
            #expect([london2, london3].contains(contact(try await Self.lease(api, b, campaign: london)) ?? ""))
            at("2027-03-14T21:00:00Z")  // London 21:00
            #expect(try await Self.lease(api, b, campaign: london).status == .noContent)
            at("2027-03-15T00:59:00Z")  // New York 20:59 EDT: the other New Yorker (due since the start)
            let late = try await Self.lease(api, b, campaign: mixed)
            #expect(contact(late) == (early == york1 ? york2 : york1))
            at("2027-03-15T01:00:00Z")  // New York 21:00 EDT: York 1's retry is due, but not now
            #expect(try await Self.lease(api, b, campaign: mixed).status == .noContent)

            // An organization that opts out of quiet hours calls inside the campaign's window only.
            let member = try await api.register(name: "Mo", email: "member@example.com")
            try await api.addMember(b.base, adminToken: b.userToken, email: "member@example.com", role: "member", inviteeToken: member.token)
            #expect(try await api.call(.put, b.base, token: member.token, json: #"{"allow_calls_outside_quiet_hours": true}"#).status == .forbidden)
            let opened = try await api.call(.put, b.base, token: b.userToken, json: #"{"allow_calls_outside_quiet_hours": true}"#)
            #expect(opened["allow_calls_outside_quiet_hours"]?.bool == true)
            #expect(try await api.call(.get, b.base, token: b.userToken)["allow_calls_outside_quiet_hours"]?.bool == true)
            #expect(contact(try await Self.lease(api, b, campaign: mixed)) == early)
        }
    }

    @Test(arguments: Engine.enabled)
    func retryRulesApplyPerOutcome(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let a = try await C.audience(api, count: 3)
            let b = a.business
            let list = try await C.list(api, b, name: "All", a.contactIDs)
            for (rules, problem) in [
                (#"{"busy": {"max_attempts": 2, "delay_minutes": 5}}"#, "unknown outcome"),
                (#"{"missed": {"max_attempts": 11, "delay_minutes": 5}}"#, "max_attempts out of range"),
                (#"{"missed": {"max_attempts": 2, "delay_minutes": 0}}"#, "delay out of range"),
                (#"{"missed": {"max_attempts": 2}}"#, "delay missing"),
                (#"[1]"#, "not an object"),
            ] {
                let refused = try await api.call(
                    .post, "\(b.base)/campaigns", token: b.userToken,
                    json: #"{"name": "X", "contact_list_ids": ["\#(list)"], "retry_rules": \#(rules)}"#)
                #expect(refused.status == .unprocessableContent, "\(problem)")
                #expect(!fieldErrors(refused, "retry_rules").isEmpty, "\(problem): \(refused.text)")
            }
            let rules = #"{"missed": {"max_attempts": 2, "delay_minutes": 5}, "voicemail": {"max_attempts": 1, "delay_minutes": 1}, "failed": {"max_attempts": 2, "delay_minutes": 10}}"#
            let id = try await C.campaign(api, b, lists: [list], extra: #", "max_attempts": 5, "retry_delay_minutes": 60, "retry_rules": \#(rules)"#)
            let shown = try await api.call(.get, "\(b.base)/campaigns/\(id)", token: b.userToken)
            #expect(shown["retry_rules"]?["missed"]?["delay_minutes"]?.int == 5)
            #expect(shown["retry_rules"]?["failed"]?["max_attempts"]?.int == 2)
            _ = try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken)
            var byContact: [String: String] = [:]
            for _ in 0..<3 {
                let leased = try await C.next(api, b)
                byContact[try #require(leased["contact"]?["id"]?.string)] = try #require(leased["campaign_call_id"]?.string)
            }
            let (missed, voicemail, failed) = (byContact[a.contactIDs[0]]!, byContact[a.contactIDs[1]]!, byContact[a.contactIDs[2]]!)
            _ = try await C.report(api, b, missed, "missed")
            _ = try await C.report(api, b, voicemail, "voicemail")
            _ = try await C.report(api, b, failed, "failed")
            func call(_ id: String) async throws -> JSONValue? {
                try await api.call(.get, "\(b.base)/campaigns/\(id)/calls?per_page=100", token: b.userToken)["data"]?.array?
                    .first { $0["id"]?.string == id }
            }
            let calls = try await api.call(.get, "\(b.base)/campaigns/\(id)/calls", token: b.userToken)["data"]?.array ?? []
            let state = Dictionary(uniqueKeysWithValues: calls.map { ($0["id"]?.string ?? "", $0) })
            #expect(state[missed]?["status"]?.string == "pending")
            #expect(state[missed]?["next_attempt_at"]?.string == "2027-03-02T15:05:00Z")
            #expect(state[voicemail]?["status"]?.string == "voicemail", "one voicemail attempt at most")
            #expect(state[failed]?["status"]?.string == "pending")
            #expect(state[failed]?["next_attempt_at"]?.string == "2027-03-02T15:10:00Z")
            clock.advance(by: 5 * 60)
            let second = try await C.next(api, b)
            #expect(second["campaign_call_id"]?.string == missed)
            #expect(second["attempt"]?.int == 2)
            _ = try await C.report(api, b, missed, "missed")
            #expect(try await C.next(api, b).status == .noContent)
            clock.advance(by: 5 * 60)
            let retried = try await C.next(api, b)
            #expect(retried["campaign_call_id"]?.string == failed)
            _ = try await C.report(api, b, failed, "failed")
            let done = try await api.call(.get, "\(b.base)/campaigns/\(id)", token: b.userToken)
            #expect(done["status"]?.string == "completed")
            #expect(done["stats"]?["calls_missed"]?.int == 1)
            #expect(done["stats"]?["failed"]?.int == 1)
            _ = try await call(missed)
            // Rules are cleared with null.
            let cleared = try await api.call(.put, "\(b.base)/campaigns/\(id)", token: b.userToken, json: #"{"retry_rules": null}"#)
            #expect(cleared["retry_rules"] == .object([:]))
        }
    }

    @Test(arguments: Engine.enabled)
    func theDailyCapCountsLeasesAcrossCampaignsInTheContactsDay(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let a = try await C.audience(api, count: 1)
            let b = a.business
            for bad in ["0", "21", "\"3\""] {
                let refused = try await api.call(.put, b.base, token: b.userToken, json: #"{"max_daily_attempts_per_contact": \#(bad)}"#)
                #expect(refused.status == .unprocessableContent)
                #expect(!fieldErrors(refused, "max_daily_attempts_per_contact").isEmpty)
            }
            #expect(try await api.call(.get, b.base, token: b.userToken)["max_daily_attempts_per_contact"]?.int == 3)
            let capped = try await api.call(.put, b.base, token: b.userToken, json: #"{"max_daily_attempts_per_contact": 2}"#)
            #expect(capped["max_daily_attempts_per_contact"]?.int == 2)
            let list = try await C.list(api, b, name: "One", a.contactIDs)
            let first = try await C.campaign(api, b, lists: [list], extra: #", "retry_delay_minutes": 1"#)
            let second = try await C.campaign(api, b, lists: [list], extra: #", "retry_delay_minutes": 1"#)
            for id in [first, second] { _ = try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken) }
            let one = try await Self.lease(api, b, campaign: first)
            _ = try await C.report(api, b, try #require(one["campaign_call_id"]?.string), "missed")
            let two = try await Self.lease(api, b, campaign: second)
            #expect(two["contact"]?["id"]?.string == a.contactIDs[0])
            _ = try await C.report(api, b, try #require(two["campaign_call_id"]?.string), "missed")
            clock.advance(by: 60)
            #expect(try await Self.lease(api, b, campaign: first).status == .noContent, "third lease of the contact today")
            #expect(try await Self.lease(api, b, campaign: second).status == .noContent)
            // The call waits for the contact's next local day (midnight in New York), then quiet hours.
            let waiting = try await api.call(.get, "\(b.base)/campaigns/\(first)/calls", token: b.userToken)
            #expect(waiting["data"]?.array?.first?["next_attempt_at"]?.string == "2027-03-03T05:00:00Z")
            clock.set(Timestamps.parse("2027-03-03T12:59:00Z")!)
            #expect(try await Self.lease(api, b, campaign: first).status == .noContent)
            clock.set(Timestamps.parse("2027-03-03T13:00:00Z")!)
            let nextDay = try await Self.lease(api, b, campaign: first)
            #expect(nextDay["contact"]?["id"]?.string == a.contactIDs[0])
            #expect(nextDay["attempt"]?.int == 2)
        }
    }

    @Test(arguments: Engine.enabled)
    func anOptOutSuppressesThePhoneAtOnce(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let a = try await C.audience(api, count: 3)
            let b = a.business
            let list = try await C.list(api, b, name: "All", a.contactIDs)
            let id = try await C.campaign(api, b, lists: [list])
            _ = try await api.call(.post, "\(b.base)/campaigns/\(id)/start", token: b.userToken)

            // A campaign call whose report says opt_out.
            let leased = try await C.next(api, b)
            let callID = try #require(leased["campaign_call_id"]?.string)
            let optedOut = try #require(leased["contact"]?["id"]?.string)
            let optedOutPhone = try #require(leased["contact"]?["phone"]?.string)
            let others = a.contactIDs.filter { $0 != optedOut }
            let reported = try await api.call(
                .post, "/api/internal/ai/interactions/\(b.businessID)", token: b.agentToken,
                json: #"{"interaction_type": "call", "campaign_call_id": "\#(callID)", "status": "completed", "outcome": "opt_out", "duration_seconds": 20}"#)
            #expect(reported.status == .created, "\(reported.text)")
            let entry = try #require(
                try await api.call(.get, "\(b.base)/suppressions", token: b.userToken)["data"]?.array?.first)
            #expect(entry["phone"]?.string == optedOutPhone)
            #expect(entry["reason"]?.string == "opt_out")
            #expect(entry["call_id"]?.string == reported["call_id"]?.string)
            #expect(entry["contact_id"]?.string == optedOut)
            let contact = try await api.call(.get, "\(b.base)/contacts/\(optedOut)", token: b.userToken)
            #expect(contact["status"]?.string == "do_not_contact")
            let updates = try await api.recordedEvents().filter { $0.name == "contact.updated" }
            #expect(updates.contains { $0.data["id"]?.string == optedOut && $0.data["status"]?.string == "do_not_contact" })

            // Another interaction (not a call) with the opt-out.
            let sms = try await api.call(
                .post, "/api/internal/ai/interactions/\(b.businessID)", token: b.agentToken,
                json: #"{"interaction_type": "sms", "contact_id": "\#(others[0])", "outcome": "opt_out"}"#)
            #expect(sms.status == .created, "\(sms.text)")
            // A call logged through the API, with no contact: its number is suppressed.
            let logged = try await api.call(
                .post, "\(b.base)/calls", token: b.userToken,
                json: #"{"direction": "inbound", "status": "completed", "from_number": "(212) 555-0199", "outcome": "opt_out"}"#)
            #expect(logged.status == .created, "\(logged.text)")
            let phones = try await api.call(.get, "\(b.base)/suppressions", token: b.userToken)["data"]?.array?.compactMap { $0["phone"]?.string }
            let smsPhone = try #require(try await api.call(.get, "\(b.base)/contacts/\(others[0])", token: b.userToken)["phone"]?.string)
            #expect(Set(phones ?? []) == [optedOutPhone, smsPhone, "+12125550199"])
            // A voice platform's end-of-call report whose analysis found an opt-out (Vapi's structured data).
            let vapi = CallIntakeTests.report(callID: "vapi-opt-out").replacingOccurrences(
                of: #""successEvaluation": "true"}"#, with: #""successEvaluation": "true", "structuredData": {"outcome": "opt_out"}}"#)
            #expect(vapi.contains("structuredData"))
            #expect(try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: vapi).status == .ok)
            let vapiEntry = try await api.call(.get, "\(b.base)/suppressions?per_page=100", token: b.userToken)["data"]?.array?
                .first { $0["phone"]?.string == "+15550102030" }
            #expect(vapiEntry?["reason"]?.string == "opt_out")
            #expect(vapiEntry?["call_id"]?.isNull == false)
            // Neither is called again: the only call left is the third contact's.
            let next = try await C.next(api, b)
            #expect(next["contact"]?["id"]?.string == others[1])
            #expect(try await C.next(api, b).status == .noContent)
        }
    }
}
