import Foundation
import HTTPTypes
import Testing
@testable import FourCalls

@Suite("Rate limits and idempotency")
struct RateLimitTests {
    static func contractLimits(_ configuration: inout AppConfiguration) {
        let defaults = AppConfiguration()
        configuration.rateLimitStandard = defaults.rateLimitStandard
        configuration.rateLimitBulk = defaults.rateLimitBulk
        configuration.rateLimitAI = defaults.rateLimitAI
        configuration.rateLimitAuth = defaults.rateLimitAuth
    }

    static let limit = HTTPField.Name("X-RateLimit-Limit")!
    static let remaining = HTTPField.Name("X-RateLimit-Remaining")!
    static let reset = HTTPField.Name("X-RateLimit-Reset")!

    @Test(arguments: Engine.enabled)
    func theHundredAndFirstRequestIs429(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-01-01T10:00:10Z")!)
        try await withTestApp(engine, clock: clock, configure: Self.contractLimits) { api in
            let (token, _) = try await api.register(email: "limits@example.com")
            let base = "/api/coordinator/organizations/\(try await api.createOrganization(token: token))"  // counts: 1
            var statuses: [HTTPResponse.Status] = []
            for index in 2...101 {
                let response = try await api.call(.get, "\(base)/contacts", token: token)
                statuses.append(response.status)
                if index == 2 {
                    #expect(response.headers[Self.limit] == "100")
                    #expect(response.headers[Self.remaining] == "98")
                    #expect(response.headers[Self.reset] == String(Int(Timestamps.parse("2027-01-01T10:01:00Z")!.timeIntervalSince1970)))
                }
                if index == 100 { #expect(response.headers[Self.remaining] == "0") }
                if index == 101 {
                    #expect(response.status == .tooManyRequests)
                    #expect(response["code"]?.string == "RATE_LIMITED")
                    #expect(response.headers[.retryAfter] == "50")
                    #expect(response.headers[Self.remaining] == "0")
                }
            }
            #expect(statuses.filter { $0 == .ok }.count == 99)
            // Another token of the same user has its own count.
            let login = try await api.call(.post, "/api/auth/login", json: #"{"email": "limits@example.com", "password": "correct horse"}"#)
            let other = try #require(login["token"]?.string)
            #expect(try await api.call(.get, "\(base)/contacts", token: other).status == .ok)
            // Errors are limited responses too, and carry the headers.
            let missing = try await api.call(.get, "\(base)/contacts/\(UUID().api)", token: other)
            #expect(missing.status == .notFound)
            #expect(missing.headers[Self.remaining] == "98")
            clock.advance(by: 50)
            #expect(try await api.call(.get, "\(base)/contacts", token: token).status == .ok)
        }
    }

    @Test(arguments: Engine.enabled)
    func bulkAndAgentTiers(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-01-01T10:00:00Z")!)
        try await withTestApp(engine, clock: clock, configure: { Self.contractLimits(&$0); $0.rateLimitAI = 5 }) { api in
            let (token, base) = try await api.organization()
            let contact = try await api.createContact(base, token: token, json: #"{"name": "A"}"#)
            for index in 1...11 {
                let response = try await api.call(.post, "\(base)/contacts/bulk-tag", token: token, json: #"{"contact_ids": ["\#(contact)"], "tags": ["t"]}"#)
                #expect(response.status == (index <= 10 ? .ok : .tooManyRequests), "bulk \(index)")
                if index == 1 { #expect(response.headers[Self.limit] == "10") }
            }
            #expect(try await api.call(.get, "\(base)/contacts", token: token).status == .ok)

            let agent = try await api.call(.post, "\(base)/ai-agents", token: token, json: #"{"name": "a"}"#)
            let auth = try await api.call(
                .post, "/api/internal/ai/auth",
                json: #"{"agent_id": "\#(agent["agent_id"]?.string ?? "")", "api_key": "\#(agent["api_key"]?.string ?? "")"}"#)
            let agentToken = try #require(auth["access_token"]?.string)
            let businessID = String(base.split(separator: "/").last!)
            for index in 1...6 {
                let response = try await api.call(.get, "/api/internal/ai/context/\(businessID)", token: agentToken)
                #expect(response.status == (index <= 5 ? .ok : .tooManyRequests), "agent \(index)")
                if index == 1 { #expect(response.headers[Self.limit] == "5") }
            }
        }
    }

    @Test(arguments: Engine.enabled)
    func loginIsThrottledPerAddress(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-01-01T10:00:00Z")!)
        try await withTestApp(engine, clock: clock, configure: Self.contractLimits) { api in
            _ = try await api.register()  // 1
            var statuses: [HTTPResponse.Status] = []
            for _ in 2...11 {
                statuses.append(try await api.call(.post, "/api/auth/login", json: #"{"email": "ada@example.com", "password": "wrong guess"}"#).status)
            }
            #expect(statuses.dropLast() .allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
            let right = try await api.call(.post, "/api/auth/login", json: #"{"email": "ada@example.com", "password": "correct horse"}"#)
            #expect(right.status == .tooManyRequests)
            #expect(right["code"]?.string == "RATE_LIMITED")
            clock.advance(by: 60)
            #expect(try await api.call(.post, "/api/auth/login", json: #"{"email": "ada@example.com", "password": "correct horse"}"#).status == .ok)
        }
    }

    @Test(arguments: Engine.enabled)
    func idempotencyKeysReplayAndRefuseReuse(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "create-john-1"]
            let first = try await api.call(.post, "\(base)/contacts", token: token, json: #"{"name": "John"}"#, headers: key)
            #expect(first.status == .created)
            let again = try await api.call(.post, "\(base)/contacts", token: token, json: #"{"name": "John"}"#, headers: key)
            #expect(again.status == .created)
            #expect(again.text == first.text)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let reused = try await api.call(.post, "\(base)/contacts", token: token, json: #"{"name": "Jane"}"#, headers: key)
            #expect(reused.status == .unprocessableContent)
            #expect(reused["code"]?.string == "IDEMPOTENCY_KEY_REUSED")
            // A failed request is kept too: the same bad request gets the same 422.
            let bad = try await api.call(.post, "\(base)/contacts", token: token, json: "{}", headers: [HTTPField.Name("Idempotency-Key")!: "bad-1"])
            let badAgain = try await api.call(.post, "\(base)/contacts", token: token, json: "{}", headers: [HTTPField.Name("Idempotency-Key")!: "bad-1"])
            #expect(bad.status == .unprocessableContent)
            #expect(badAgain.text == bad.text)
            let tooLong = try await api.call(
                .post, "\(base)/contacts", token: token, json: #"{"name": "X"}"#, headers: [HTTPField.Name("Idempotency-Key")!: String(repeating: "k", count: 256)])
            #expect(tooLong.status == .unprocessableContent)
            #expect(try await api.call(.get, "\(base)/contacts", token: token)["total"]?.int == 1)
        }
    }

    @Test(arguments: Engine.enabled)
    func fiftyConcurrentPostsWithOneKeyCreateOne(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let response = try await api.call(
                            .post, "\(base)/contacts", token: token, json: #"{"name": "Once"}"#,
                            headers: [HTTPField.Name("Idempotency-Key")!: "same-key"])
                        return (response.status, response["code"]?.string)
                    }
                }
                var all: [(HTTPResponse.Status, String?)] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.allSatisfy { $0.0 == .created || ($0.0 == .conflict && $0.1 == "IDEMPOTENCY_KEY_IN_USE") })
            #expect(try await api.call(.get, "\(base)/contacts", token: token)["total"]?.int == 1)
        }
    }

    /// The last second of one minute and the first of the next.
    static let minuteTurn = (before: Timestamps.parse("2027-03-01T12:00:59Z")!, after: Timestamps.parse("2027-03-01T12:01:00Z")!)

    /// Runs `body` while `clock` flips between the two sides of `minuteTurn` every millisecond.
    static func whileTheMinuteTurns<T>(_ clock: ManualClock, _ body: () async throws -> T) async throws -> T {
        let flipping = Task {
            var late = false
            while !Task.isCancelled {
                clock.set(late ? minuteTurn.after : minuteTurn.before)
                late.toggle()
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
        defer { flipping.cancel() }
        return try await body()
    }

    /// At a minute's turn, each window passes its limit and no more, whichever order its
    /// requests and the next window's reach the counter in. The clock flips between the two
    /// minutes while 60 requests under a limit of 10 run; each response's reset header names
    /// its window.
    @Test(arguments: Engine.enabled)
    func aMinutesTurnPassesEachWindowItsLimit(on engine: Engine) async throws {
        let clock = ManualClock(Self.minuteTurn.before)
        try await withTestApp(engine, clock: clock, configure: { $0.rateLimitStandard = 10; $0.rateLimitAuth = 1000 }) { api in
            let (token, _) = try await api.register()
            let responses = try await Self.whileTheMinuteTurns(clock) {
                try await withThrowingTaskGroup(of: (reset: String, status: Int).self) { group in
                    for _ in 0..<60 {
                        group.addTask {
                            let response = try await api.call(.get, "/api/coordinator/organizations", token: token)
                            return (response.headers[Self.reset] ?? "", response.status.code)
                        }
                    }
                    return try await group.reduce(into: [(reset: String, status: Int)]()) { $0.append($1) }
                }
            }
            for (reset, inWindow) in Dictionary(grouping: responses, by: \.reset) {
                let accepted = inWindow.filter { $0.status == 200 }.count
                #expect(accepted == min(10, inWindow.count), "window ending \(reset): \(accepted) of \(inWindow.count) accepted")
            }
        }
    }

    /// The in-process counter (SQLite) counts a request in the window it read from the clock,
    /// also when a request of the next window was counted first. (It kept one count per key,
    /// reset by whichever window came last: the two windows started each other again, and a
    /// minute's turn could pass more than the limit. The HTTP test above rarely meets that
    /// order: the clock is read microseconds before the count.)
    @Test func theInProcessCounterKeepsTheWindowBefore() async throws {
        let counter = MemoryRateLimitCounter()
        let window = 1_800_000_000 - 1_800_000_000 % 60
        let next = window + 60
        var counts: [Int] = []
        for named in [window, window, next, window, next, next + 60, window] {
            counts.append(try await counter.increment("standard:token", window: named, limit: 10))
        }
        // The last: two windows back is no longer kept, and counts as the first of its own.
        #expect(counts == [1, 2, 1, 3, 2, 1, 1])
        #expect(try await counter.increment("standard:other", window: next, limit: 10) == 1)
    }

    /// Two instances of the application on one new PostgreSQL database, with a standard
    /// limit of `standardLimit` a minute, each given to `body` as a client.
    static func withTwoInstances(
        standardLimit: Int, clock: any AppClock = SystemClock(), _ body: @Sendable (TestAPI, TestAPI) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.make(.postgres)
        defer { Task { await database.drop() } }
        var configuration = AppConfiguration()
        configuration.databaseURL = database.url
        configuration.appKey = testAppKey
        configuration.bcryptCost = 4
        configuration.logLevel = .warning
        configuration.rateLimitStandard = standardLimit
        configuration.rateLimitAuth = 1000
        configuration.clock = clock
        let first = try await buildApplication(configuration)
        let second = try await buildApplication(configuration)
        try await first.test(.router) { clientA in
            try await second.test(.router) { clientB in
                try await body(TestAPI(client: clientA, databaseURL: database.url), TestAPI(client: clientB, databaseURL: database.url))
            }
        }
    }

    /// The statuses of `count` concurrent reads with `token`, sent to `a` and `b` in turn.
    static func concurrentReads(_ count: Int, to a: TestAPI, and b: TestAPI, token: String) async throws -> [Int] {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<count {
                group.addTask {
                    let api = index % 2 == 0 ? a : b
                    return try await api.call(.get, "/api/coordinator/organizations", token: token).status.code
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
    }

    /// Two application instances on one PostgreSQL database share one token's count.
    @Test(.enabled(if: Engine.postgresURL != nil, "TEST_DATABASE_URL is not set: PostgreSQL runs are skipped (see .ci/run)"))
    func twoInstancesShareTheLimit() async throws {
        try await Self.withTwoInstances(standardLimit: 30) { a, b in
            let (token, _) = try await a.register()
            let started = Date()
            let accepted = try await Self.concurrentReads(60, to: a, and: b, token: token).filter { $0 == 200 }.count
            // The 60 requests may straddle two minute windows (they take seconds when every
            // suite shares two cores); within one window no more than 30 pass.
            let windows = Set([started, Date()].map { Int($0.timeIntervalSince1970 / 60) }).count
            #expect(accepted <= 60)
            #expect(accepted == 30 || accepted > 30 && windows > 1, "\(accepted) accepted in \(windows) window(s)")
        }
    }

    /// At a minute's turn, a request counts in the window it arrived in, also while the next
    /// window's requests claim theirs: none is refused below the limit. The clock flips
    /// between the two minutes while 20 requests under a limit of 20 run on two instances.
    /// (With one lease per key, replaced by whichever window a request named, the claims of
    /// one window were dropped when the other's came: 50 of 60 were refused in a CI run.)
    @Test(.enabled(if: Engine.postgresURL != nil, "TEST_DATABASE_URL is not set: PostgreSQL runs are skipped (see .ci/run)"))
    func aMinutesTurnRefusesNothingBelowTheLimit() async throws {
        let clock = ManualClock(Self.minuteTurn.before)
        try await Self.withTwoInstances(standardLimit: 20, clock: clock) { a, b in
            let (token, _) = try await a.register()
            let statuses = try await Self.whileTheMinuteTurns(clock) { try await Self.concurrentReads(20, to: a, and: b, token: token) }
            #expect(statuses.filter { $0 == 200 }.count == 20, "statuses: \(statuses.sorted())")
        }
    }
}
