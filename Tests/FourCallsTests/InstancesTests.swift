import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
@testable import FourCalls

/// Several instances on one PostgreSQL database (CONTRACT section 9): what one instance
/// changes, every other one enforces within a second, through `LISTEN/NOTIFY`.
@Suite("Several instances")
struct InstancesTests {
    static let postgresOnly = Testing.ConditionTrait.enabled(
        if: Engine.postgresURL != nil, "TEST_DATABASE_URL is not set: PostgreSQL runs are skipped (see .ci/run)")

    /// Polls `check` until it holds; returns how long that took, or nil past `seconds`.
    static func timeUntil(seconds: Double = 10, _ check: () async throws -> Bool) async throws -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(seconds) {
            if try await check() { return ContinuousClock.now - start }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// The notice itself reaches the other instance within a second (`noticesTravelOnCommit`
    /// asserts it); here each check is a whole request to B, which with every suite on two
    /// cores can take seconds by itself, so the end-to-end bound is 5 s.
    @Test("A token revoked on one instance and a role changed there take effect on the other", postgresOnly)
    func revocationsAndRolesReachEveryInstance() async throws {
        try await withTestApp(.postgres) { a in
            let (owner, _) = try await a.register(email: "owner@example.com")
            let org = try await a.createOrganization(token: owner)
            let base = "/api/coordinator/organizations/\(org)"
            let (viewer, viewerID) = try await a.register(name: "Vera", email: "viewer@example.com")
            try await a.addMember(base, adminToken: owner, email: "viewer@example.com", role: "viewer", inviteeToken: viewer)
            let extra = try await a.call(.post, "/api/auth/tokens", token: owner, json: #"{"name": "reporting"}"#)
            let extraToken = try #require(extra["token"]?.string)
            let extraID = try #require(extra["id"]?.string)

            try await withSecondInstance(of: a) { b in
                // B resolves (and caches) the token and the viewer's membership.
                #expect(try await b.call(.get, base, token: extraToken).status == .ok)
                #expect(try await b.call(.get, base, token: extraToken).status == .ok)
                #expect(try await b.call(.put, base, token: viewer, json: #"{"industry": "Dental"}"#).status == .forbidden)

                #expect(try await a.call(.delete, "/api/auth/tokens/\(extraID)", token: owner).status == .noContent)
                let refused = try await Self.timeUntil { try await b.call(.get, base, token: extraToken).status == .unauthorized }
                #expect(try #require(refused, "instance B still accepts the revoked token") < .seconds(5))

                let promoted = try await a.call(.put, "\(base)/members/\(viewerID)", token: owner, json: #"{"role": "admin"}"#)
                #expect(promoted.status == .ok)
                let allowed = try await Self.timeUntil {
                    try await b.call(.put, base, token: viewer, json: #"{"industry": "Dental"}"#).status == .ok
                }
                #expect(try #require(allowed, "instance B still enforces the old role") < .seconds(5))

                let removed = try await a.call(.delete, "\(base)/members/\(viewerID)", token: owner)
                #expect(removed.status == .noContent)
                let gone = try await Self.timeUntil { try await b.call(.get, base, token: viewer).status == .notFound }
                #expect(try #require(gone, "instance B still lets the removed member in") < .seconds(5))
            }
        }
    }

    @Test("A deleted agent's API key stops working on every instance", postgresOnly)
    func deletedAgentsStopEverywhere() async throws {
        try await withTestApp(.postgres) { a in
            let (owner, base) = try await a.organization()
            let agent = try await a.call(.post, "\(base)/ai-agents", token: owner, json: #"{"name": "front desk"}"#)
            let agentID = try #require(agent["agent_id"]?.string)
            let key = try #require(agent["api_key"]?.string)
            let org = try #require(base.split(separator: "/").last.map(String.init))
            try await withSecondInstance(of: a) { b in
                #expect(try await b.call(.get, "/api/internal/ai/context/\(org)", token: key).status == .ok)
                #expect(try await a.call(.delete, "\(base)/ai-agents/\(agentID)", token: owner).status == .noContent)
                let refused = try await Self.timeUntil {
                    try await b.call(.get, "/api/internal/ai/context/\(org)", token: key).status == .unauthorized
                }
                #expect(try #require(refused, "instance B still accepts the deleted agent's key") < .seconds(5))
            }
        }
    }

    /// Each instance reuses the call-start packet's business part while it writes nothing
    /// itself, for a second at most: an FAQ added on A is in B's packets soon after.
    @Test("An FAQ added on one instance reaches the other's call-start packet", postgresOnly)
    func callStartPacketsFollowOtherInstancesWrites() async throws {
        try await withTestApp(.postgres) { a in
            let b = try await AgentAPITests.business(a)
            try await withSecondInstance(of: a) { other in
                func faqs() async throws -> [String] {
                    let packet = try await AgentToolTests.tool(other, b.apiKey, "get_call_context")
                    return packet["faqs"]?.array?.compactMap { $0["question"]?.string } ?? []
                }
                #expect(try await faqs().isEmpty)
                let faq = try await a.call(.post, "\(b.base)/faqs", token: b.userToken, json: #"{"question": "Parking?", "answer": "Behind."}"#)
                #expect(faq.status == .created)
                let seen = try await Self.timeUntil { try await faqs() == ["Parking?"] }
                #expect(try #require(seen, "instance B never showed the new FAQ") < .seconds(5))
            }
        }
    }

    /// Lookups and free slots are reused the same way: a booking made on A shows in B's
    /// availability and lookups soon after.
    @Test("A booking made on one instance reaches the other's availability and lookups", postgresOnly)
    func agentReadsFollowOtherInstancesWrites() async throws {
        try await withTestApp(.postgres) { a in
            let b = try await AgentAPITests.business(a)
            let contact = try await a.createContact(b.base, token: b.userToken, json: #"{"name": "Ann", "phone": "+15550104100"}"#)
            let day = Date().addingTimeInterval(3 * 86400)
            let date = String(Timestamps.formatMilliseconds(day).prefix(10))
            let slot = "\(date)T15:00:00Z"
            try await withSecondInstance(of: a) { other in
                func free() async throws -> Bool {
                    let slots = try await other.call(.get, "/api/internal/ai/calendar/\(b.businessID)/availability?date=\(date)", token: b.agentToken)
                    return slots["slots"]?.array?.contains { $0["start"]?.string == slot } ?? false
                }
                func upcoming() async throws -> Int {
                    let found = try await other.call(.get, "/api/internal/ai/crm/\(b.businessID)/customers/lookup?phone=%2B15550104100", token: b.agentToken)
                    return found["upcoming_appointments"]?.array?.count ?? -1
                }
                #expect(try await free())
                #expect(try await upcoming() == 0)
                let booked = try await a.call(.post, "\(b.base)/appointments", token: b.userToken, json: #"{"contact_id": "\#(contact)", "scheduled_at": "\#(slot)"}"#)
                #expect(booked.status == .created, "\(booked.text)")
                let taken = try await Self.timeUntil { try await !free() }
                #expect(try #require(taken, "instance B kept offering the booked slot") < .seconds(5))
                let listed = try await Self.timeUntil { try await upcoming() == 1 }
                #expect(try #require(listed, "instance B's lookup never showed the booking") < .seconds(5))
            }
        }
    }

    /// Stack notes §12: notices leave with the commit, never before, and never after a
    /// rollback; a listener whose connection dies reconnects and reports `everything`.
    @Test("Change notices travel between instances on commit, and survive a lost listener", postgresOnly)
    func noticesTravelOnCommit() async throws {
        try await TestDatabase.withStorage(.postgres) { first in
            let heard = Heard()
            // A second storage on the same database: another instance.
            let database = try await first.read { db in
                try await db.raw("SELECT current_database() AS name").first(decodingColumn: "name", as: String.self)
            }
            let server = try PostgresTestServer.fromEnvironment()
            let second = try await openStorage(DatabaseURL(parsing: server.url(database: try #require(database))), logger: Logger(label: "test"))
            second.changes.subscribe { heard.add($0) }
            let services = Task {
                try await withThrowingDiscardingTaskGroup { group in
                    for service in second.services { group.addTask { try await service.run() } }
                }
            }
            defer { services.cancel() }
            #expect(try await Self.timeUntil { heard.all.contains(.everything) } != nil, "the listener never started")

            let organization = UUID()
            try await first.transaction { db in
                ChangeNotices.post(.organization(organization))
                try await Task.sleep(for: .milliseconds(300))
                #expect(!heard.all.contains(.organization(organization)), "a notice arrived before its commit")
            }
            #expect(try await Self.timeUntil(seconds: 1) { heard.all.contains(.organization(organization)) } != nil)

            let rolledBack = UUID()
            struct Abandon: Error {}
            await #expect(throws: Abandon.self) {
                try await first.transaction { _ in
                    ChangeNotices.post(.organization(rolledBack))
                    throw Abandon()
                }
            }

            // The listener's connection dies: it reconnects and says `everything` again.
            heard.clear()
            try await first.read { db in
                try await db.raw("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()").run()
            }
            #expect(try await Self.timeUntil { heard.all.contains(.everything) } != nil, "the listener did not come back")
            // Delivery resumes (the listener may be reconnecting again: both instances' listeners
            // on this database were terminated, and connections are scarce while every suite runs).
            let later = UUID()
            try await first.transaction { _ in ChangeNotices.post(.agent(later)) }
            #expect(try await Self.timeUntil(seconds: 10) { heard.all.contains(.agent(later)) } != nil)
            #expect(!heard.all.contains(.organization(rolledBack)), "a rolled-back transaction's notice arrived")
            await second.shutdown()
        }
    }

    /// Both dispatchers claim from one outbox at once: each delivery goes out once, and one
    /// endpoint never has more attempts in flight in an instance than the limit.
    @Test("Two instances deliver each event once between them", postgresOnly)
    func twoDispatchersDeliverEachEventOnce() async throws {
        let receiver = WebhookReceiver(delay: .milliseconds(5))
        try await receiver.run { url in
            try await withTestApp(.postgres, configure: { $0.webhookAllowPrivateNetworks = true }) { a in
                try await withSecondInstance(of: a, configure: { $0.webhookAllowPrivateNetworks = true }) { _ in
                    let (token, base) = try await a.organization()
                    _ = try await WebhookTests.register(a, token: token, base: base, url: url)
                    let count = 300
                    let csv = "name,email\n" + (1...count).map { "Once \($0),once\($0)@example.com" }.joined(separator: "\n")
                    let report = try await a.call(.post, "\(base)/contacts/import", token: token, json: csv, headers: [.contentType: "text/csv"])
                    #expect(report["created"]?.int == count)
                    let received = try await receiver.waitFor(count, seconds: 60)
                    try await Task.sleep(for: .seconds(1))  // a second delivery of any of them would arrive by now
                    let ids = receiver.received.compactMap { $0.headers["webhook-id"] }
                    #expect(received.count >= count)
                    #expect(ids.count == count, "\(ids.count) deliveries of \(count) events")
                    #expect(Set(ids).count == count)
                    #expect(receiver.mostAtOnce <= 2 * WebhookDispatcher.defaultPerEndpoint)
                }
            }
        }
    }

    @Test("A committed event wakes the webhook dispatcher: no waiting for its poll", arguments: Engine.enabled)
    func committedEventsWakeTheDispatcher(on engine: Engine) async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await withTestApp(engine, configure: { $0.webhookAllowPrivateNetworks = true; $0.webhookPollInterval = .seconds(600) }) { api in
                let (token, base) = try await api.organization()
                _ = try await WebhookTests.register(api, token: token, base: base, url: url)
                for index in 1...3 {
                    _ = try await api.createContact(base, token: token, json: #"{"name": "Woken \#(index)"}"#)
                    #expect(try await receiver.waitFor(index, seconds: 10).count == index, "delivery \(index) waited for the poll")
                }
            }
        }
    }
}

/// The notices a test's listener heard.
final class Heard: Sendable {
    private let notices = NIOLockedValueBox<[ChangeNotice]>([])
    var all: [ChangeNotice] { notices.withLockedValue { $0 } }
    func add(_ notice: ChangeNotice) { notices.withLockedValue { $0.append(notice) } }
    func clear() { notices.withLockedValue { $0 = [] } }
}
