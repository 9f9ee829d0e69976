import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Testing
@testable import FourCalls

/// What a security probe found, closed (issue #25): each test fails on the code before it.
@Suite("Hardening")
struct HardeningTests {
    /// A live server on a file database of its own.
    static func withLiveApp(
        configure: (inout AppConfiguration) -> Void = { _ in }, _ body: @escaping @Sendable (Int, String) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.make(.sqlite)
        var configuration = AppConfiguration()
        configuration.databaseURL = database.url
        configuration.appKey = testAppKey
        configuration.bcryptCost = 4
        configuration.logLevel = .critical
        configure(&configuration)
        let app = try await buildApplication(configuration)
        do {
            try await app.test(.live) { client in try await body(try #require(client.port), database.url) }
            await database.drop()
        } catch {
            await database.drop()
            throw error
        }
    }

    static func healthTime(port: Int) async throws -> Double {
        let start = Date()
        let answer = try await RawHTTP.exchange(port: port, "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(100))")
        return Date().timeIntervalSince(start)
    }

    /// 1,000 clients dribbling request heads neither starve `/health` nor stay open past the
    /// idle timeout.
    @Test func slowClientsAreClosedAndDoNotStarveOthers() async throws {
        FileLimit.raiseToHardLimit()
        // HummingbirdTesting's client connects within 5 s: with every suite on two cores it
        // once did not, before the test began. That alone is tried again.
        do {
            try await Self.slowClients()
        } catch ChannelError.connectTimeout {
            try await Self.slowClients()
        }
    }

    static func slowClients() async throws {
        try await Self.withLiveApp(configure: { $0.httpIdleTimeoutSeconds = 3 }) { port, _ in
            var slow: [RawSocket] = []
            for index in 0..<1000 {
                let socket = try RawSocket(port: port)
                try socket.send("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow-\(index): ")
                slow.append(socket)
            }
            var times: [Double] = []
            for _ in 0..<15 { times.append(try await Self.healthTime(port: port)) }
            // Answered, not starved (before: 1,100 such clients left no descriptor to accept
            // /health with, and every request failed). The < 100 ms figure is measured by
            // scripts/slow-clients-check on an otherwise idle server; here every other suite
            // shares the two cores (one request took 2.x s in a CI run), so the median is held
            // to 2 s and each request to 10.
            let median = times.sorted()[times.count / 2]
            #expect(median < 2 && times.allSatisfy { $0 < 10 }, "/health took \(times) with 1,000 slow clients open")
            // A byte every second does not keep a head alive past the timeout.
            for _ in 0..<2 {
                try await Task.sleep(for: .seconds(1))
                for socket in slow.prefix(50) { try? socket.send("x") }
            }
            var closed = 0
            for socket in slow.prefix(100) where await socket.read(timeout: 4).closed { closed += 1 }
            #expect(closed == 100, "only \(closed) of 100 slow connections were closed")
            // And after: held to the same bound as above (a single request under the parallel
            // suites took over 1 s in CI twice on 2026-12-05).
            var after: [Double] = []
            for _ in 0..<5 { after.append(try await Self.healthTime(port: port)) }
            #expect(after.sorted()[after.count / 2] < 2, "/health took \(after) after the slow clients went")
        }
    }

    // The connection cap (`HTTP_MAX_CONNECTIONS`) is checked by scripts/slow-clients-check
    // against the real binary: HummingbirdTesting's live server rebuilds the application's
    // configuration without its `availableConnectionsDelegate`.

    /// The SQLite file and its generated key file are readable by their owner alone.
    @Test func databaseAndKeyFilesAreOwnerOnly() async throws {
        try await Self.withLiveApp(configure: { $0.appKey = nil }) { port, url in
            _ = try await Self.healthTime(port: port)
            guard case .sqliteFile(let path) = try DatabaseURL(parsing: url) else { return }
            for file in [path, path + ".key", path + "-wal"] {
                let attributes = try FileManager.default.attributesOfItem(atPath: file)
                #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(file)")
            }
        }
    }

    /// A response replayed for an `Idempotency-Key` is stored encrypted: the token it holds
    /// is not in the database in plain text, and the replay gives it back.
    @Test(arguments: Engine.enabled)
    func idempotentResponsesAreEncryptedAtRest(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "issue-token-1"]
            let first = try await api.call(.post, "/api/auth/tokens", token: token, json: #"{"name": "ci"}"#, headers: headers)
            #expect(first.status == .created)
            let issued = try #require(first["token"]?.string)
            let replay = try await api.call(.post, "/api/auth/tokens", token: token, json: #"{"name": "ci"}"#, headers: headers)
            #expect(replay["token"]?.string == issued)
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let storage = try await openStorage(DatabaseURL(parsing: api.databaseURL), logger: .init(label: "test"))
            let services = Task { for service in storage.services { try await service.run() } }
            let stored = try await storage.read { db in
                try await db.select().column("response_body").from("idempotency_keys").all(decodingColumn: "response_body", as: String?.self)
            }
            services.cancel()
            await storage.shutdown()
            #expect(stored.count == 1)
            let secret = try #require(issued.split(separator: "|").last.map(String.init))
            #expect(stored.allSatisfy { ($0 ?? "").hasPrefix(IdempotencyStore.sealedPrefix) && !($0 ?? "").contains(secret) })
        }
    }

    /// An `Idempotency-Key` does not raise a route's body limit (1 MiB; 50 MiB for imports).
    @Test(arguments: Engine.enabled)
    func idempotencyKeyKeepsTheBodyLimit(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let big = #"{"name": "Big", "notes": ""# + String(repeating: "x", count: 2 << 20) + #""}"#
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "big-1"]
            let refused = try await api.call(.post, "\(base)/contacts", token: token, json: big, headers: headers)
            #expect(refused.status == .contentTooLarge)
            #expect(refused["code"]?.string == "PAYLOAD_TOO_LARGE")
            let csv = "name,email\n" + (0..<40_000).map { "Person \($0),p\($0)@example.com" }.joined(separator: "\n")
            #expect(csv.utf8.count > 1 << 20)
            var importHeaders = headers
            importHeaders[.contentType] = "text/csv"
            importHeaders[HTTPField.Name("Idempotency-Key")!] = "import-1"
            let imported = try await api.call(.post, "\(base)/contacts/import", token: token, json: csv, headers: importHeaders)
            #expect(imported.status == .ok, "\(imported.text.prefix(200))")
            #expect(imported["created"]?.int == 40_000)
        }
    }
}

/// Tokens and passwords (CONTRACT section 3).
@Suite("Hardening: tokens and passwords")
struct AccountHardeningTests {
    @Test(arguments: Engine.enabled)
    func tokensIssuedWithATokenAreBoundedByIt(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let (token, _) = try await api.register()
            let short = try await api.call(.post, "/api/auth/tokens", token: token, json: #"{"name": "short", "expires_at": "2027-03-02T15:00:03Z"}"#)
            let shortToken = try #require(short["token"]?.string)
            let longer = try await api.call(.post, "/api/auth/tokens", token: shortToken, json: #"{"name": "x", "expires_at": "2030-01-01T00:00:00Z"}"#)
            #expect(longer.status == .unprocessableContent)
            #expect(fieldErrors(longer, "expires_at").count == 1)
            let inherited = try await api.call(.post, "/api/auth/tokens", token: shortToken, json: #"{"name": "child"}"#)
            #expect(inherited.status == .created)
            #expect(inherited["expires_at"]?.string == "2027-03-02T15:00:03Z")
            let child = try #require(inherited["token"]?.string)
            clock.advance(by: 4)
            #expect(try await api.call(.get, "/api/auth/me", token: child).status == .unauthorized)

            let writer = try await api.call(.post, "/api/auth/tokens", token: token, json: #"{"name": "w", "abilities": ["write"]}"#)
            let writeToken = try #require(writer["token"]?.string)
            let wider = try await api.call(.post, "/api/auth/tokens", token: writeToken, json: #"{"name": "x", "abilities": ["*"]}"#)
            #expect(wider.status == .unprocessableContent)
            #expect(fieldErrors(wider, "abilities.0").count == 1)
            #expect(try await api.call(.post, "/api/auth/tokens", token: writeToken, json: #"{"name": "r", "abilities": ["read"]}"#).status == .created)
            let same = try await api.call(.post, "/api/auth/tokens", token: writeToken, json: #"{"name": "default"}"#)
            #expect(same["abilities"]?.array?.compactMap(\.string) == ["write"])
        }
    }

    @Test(arguments: Engine.enabled)
    func passwordChangeAndSignOutEverywhere(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (first, _) = try await api.register(email: "ada@example.com", password: "correct horse")
            let login = try await api.call(.post, "/api/auth/login", json: #"{"email": "ada@example.com", "password": "correct horse"}"#)
            let second = try #require(login["token"]?.string)
            let wrong = try await api.call(.put, "/api/auth/password", token: first, json: #"{"current_password": "nope nope", "password": "battery staple"}"#)
            #expect(wrong.status == .unprocessableContent)
            #expect(fieldErrors(wrong, "current_password").count == 1)
            let weak = try await api.call(.put, "/api/auth/password", token: first, json: #"{"current_password": "correct horse", "password": "short"}"#)
            #expect(fieldErrors(weak, "password").count == 1)
            let changed = try await api.call(.put, "/api/auth/password", token: first, json: #"{"current_password": "correct horse", "password": "battery staple"}"#)
            #expect(changed.status == .noContent)
            #expect(try await api.call(.get, "/api/auth/me", token: first).status == .ok)
            #expect(try await api.call(.get, "/api/auth/me", token: second).status == .unauthorized)
            #expect(try await api.call(.post, "/api/auth/login", json: #"{"email": "ada@example.com", "password": "correct horse"}"#).status == .unauthorized)
            let again = try await api.call(.post, "/api/auth/login", json: #"{"email": "ada@example.com", "password": "battery staple"}"#)
            let third = try #require(again["token"]?.string)

            #expect(try await api.call(.post, "/api/auth/logout-all", token: third).status == .noContent)
            #expect(try await api.call(.get, "/api/auth/me", token: first).status == .unauthorized)
            #expect(try await api.call(.get, "/api/auth/me", token: third).status == .unauthorized)
            // bcrypt reads 72 bytes: a longer password can never be the stored one.
            let long = String(repeating: "p", count: 73)
            #expect(try await api.call(.post, "/api/auth/login", json: #"{"email": "ada@example.com", "password": "\#(long)"}"#).status == .unprocessableContent)
        }
    }

    /// Guessing one account's password from several addresses meets the per-account limit;
    /// other accounts, and the same addresses, are not held up by it.
    @Test func failedLoginsAreLimitedPerAccount() async throws {
        // A clock that stands still: the one-minute window cannot roll over mid-test (a
        // loaded CI run once took long enough for the blocked login to land in a new window).
        let clock = ManualClock(Timestamps.parse("2027-03-01T12:00:30Z")!)
        try await HardeningTests.withLiveApp(configure: { $0.rateLimitAuth = 4; $0.clock = clock }) { port, _ in
            for (address, email) in [("127.0.0.2", "victim@example.com"), ("127.0.0.3", "other@example.com")] {
                let registered = try await RawHTTP.post(
                    port: port, from: address, "/api/auth/register", json: #"{"name": "U", "email": "\#(email)", "password": "correct horse"}"#)
                #expect(registered.status == 201, "\(registered.body)")
            }
            for attacker in ["127.0.0.4", "127.0.0.5"] {
                for _ in 0..<2 {
                    let guess = try await RawHTTP.post(port: port, from: attacker, "/api/auth/login", json: #"{"email": "victim@example.com", "password": "guess guess"}"#)
                    #expect(guess.status == 401)
                }
            }
            let blocked = try await RawHTTP.post(port: port, from: "127.0.0.6", "/api/auth/login", json: #"{"email": "victim@example.com", "password": "correct horse"}"#)
            #expect(blocked.status == 429, "\(blocked.body)")
            #expect(blocked.body.contains("RATE_LIMITED"))
            let other = try await RawHTTP.post(port: port, from: "127.0.0.6", "/api/auth/login", json: #"{"email": "other@example.com", "password": "correct horse"}"#)
            #expect(other.status == 200, "\(other.body)")
        }
    }
}

/// The webhook dispatcher under a slow endpoint (CONTRACT section 6).
@Suite("Hardening: webhook fairness")
struct WebhookFairnessTests {
    /// An endpoint that takes 25 s to answer (attempts may take 30 s here) holds only its own
    /// slots: another organization's delivery, queued behind 20 of the slow one's (one import),
    /// arrives within 15 s, before the slow endpoint has answered any; behind them it would
    /// wait for those answers. (The contract's 10 s timeout left too little room: 2.7 to
    /// 8.3 s were seen with every suite on two cores against a 9 s answer.)
    @Test(arguments: Engine.enabled)
    func aSlowEndpointDoesNotDelayAnotherOrganization(on engine: Engine) async throws {
        let slow = WebhookReceiver(delay: .seconds(25))
        let fast = WebhookReceiver()
        try await slow.run { slowURL in
            try await fast.run { fastURL in
                let configure: (inout AppConfiguration) -> Void = { configuration in
                    WebhookTests.allowLoopback(&configuration)
                    configuration.webhookAttemptTimeout = .seconds(30)
                }
                try await withTestApp(engine, configure: configure) { api in
                    let (a, baseA) = try await api.organization()
                    let (b, baseB) = try await api.organization()
                    _ = try await WebhookTests.register(api, token: a, base: baseA, url: slowURL)
                    _ = try await WebhookTests.register(api, token: b, base: baseB, url: fastURL)
                    let csv = "name\n" + (0..<20).map { "Slow \($0)" }.joined(separator: "\n")
                    let imported = try await api.call(.post, "\(baseA)/contacts/import", token: a, json: csv, headers: [.contentType: "text/csv"])
                    #expect(imported["created"]?.int == 20, "\(imported.text)")
                    let queued = ContinuousClock.now
                    _ = try await api.createContact(baseB, token: b, json: #"{"name": "Fast"}"#)
                    let received = try await fast.waitFor(1, seconds: 30)
                    let waited = ContinuousClock.now - queued
                    #expect(received.count == 1)
                    #expect(waited < .seconds(15), "the other organization's delivery took \(waited)")
                    #expect(slow.received.isEmpty, "the other organization's delivery came after the slow endpoint's answers")
                    let limit = WebhookDispatcher.defaultPerEndpoint
                    #expect(slow.mostAtOnce <= limit, "more than \(limit) attempts in flight to one endpoint: \(slow.mostAtOnce)")
                }
            }
        }
    }
}

/// Webhook delivery connects to the address it checked (CONTRACT section 6).
@Suite("Hardening: webhook addresses")
struct WebhookAddressTests {
    /// A name that answers 127.0.0.2 on the first look and 127.0.0.1 on the next: each
    /// attempt looks once and connects where that look pointed. (Both are loopback, so the
    /// test allows private networks; the refusal itself is `addressesAreCheckedEveryOne`.)
    @Test(arguments: Engine.enabled)
    func eachAttemptConnectsToTheAddressItResolved(on engine: Engine) async throws {
        let lookups = NIOLockedValueBox(0)
        let resolver: @Sendable (String) async throws -> [WebhookURLGuard.Address] = { host in
            guard host == "hooks.rebinding.test" else { return [] }
            let count = lookups.withLockedValue { count in
                count += 1
                return count
            }
            return count == 1 ? [.v4([127, 0, 0, 2])] : [.v4([127, 0, 0, 1])]
        }
        let checked = WebhookReceiver()
        let internalService = WebhookReceiver()
        try await checked.run(host: "127.0.0.2") { checkedURL in
            let port = try #require(URL(string: checkedURL)?.port)
            try await internalService.run(host: "127.0.0.1", port: port) { _ in
                try await withTestApp(engine, configure: { $0.webhookAllowPrivateNetworks = true; $0.webhookResolver = resolver }) { api in
                    let (token, base) = try await api.organization()
                    _ = try await WebhookTests.register(api, token: token, base: base, url: "http://hooks.rebinding.test:\(port)/hook")
                    _ = try await api.createContact(base, token: token, json: #"{"name": "First"}"#)
                    let first = try await checked.waitFor(1, seconds: 10)
                    #expect(first.count == 1)
                    #expect(first.first?.headers["host"] == "hooks.rebinding.test:\(port)")
                    #expect(internalService.received.isEmpty)
                    #expect(lookups.withLockedValue { $0 } == 1)
                    _ = try await api.createContact(base, token: token, json: #"{"name": "Second"}"#)
                    #expect(try await internalService.waitFor(1, seconds: 10).count == 1)
                    #expect(checked.received.count == 1)
                    #expect(lookups.withLockedValue { $0 } == 2)
                }
            }
        }
    }

    /// Every address a name resolves to is checked, and the IPv6 forms that embed a
    /// loopback or private IPv4 address are refused at registration.
    @Test func addressesAreCheckedEveryOne() async throws {
        // 93.184.216.34 is data here, never a destination: nothing connects in this test.
        let guardWithStub = WebhookURLGuard(allowPrivateNetworks: false) { _ in [.v4([93, 184, 216, 34]), .v4([127, 0, 0, 1])] }
        await #expect(throws: WebhookURLGuard.Refusal.self) { try await guardWithStub.target(for: "https://mixed.example.test/hook") }
        let publicOnly = WebhookURLGuard(allowPrivateNetworks: false) { _ in [.v4([93, 184, 216, 34])] }
        let target = try await publicOnly.target(for: "https://hooks.example.test/in")
        #expect(target.pinnedAddress == "93.184.216.34")
        #expect(target.host == "hooks.example.test")
        let strict = WebhookURLGuard(allowPrivateNetworks: false) { _ in [] }
        for url in [
            "http://[::127.0.0.1]/x", "http://[::ffff:127.0.0.1]/x", "http://[::ffff:0:127.0.0.1]/x", "http://[2002:7f00:1::]/x",
            "http://[fec0::1]/x", "http://[::10.0.0.1]/x", "http://[2002:c0a8:101::1]/x", "http://[64:ff9b:1::a00:1]/x",
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x", "http://127.0.0.1/x", "http://[::1]/x",
        ] {
            await #expect(throws: WebhookURLGuard.Refusal.self, "\(url)") { try await strict.check(url) }
        }
        // A public IPv6 address and a 6to4 address of a public IPv4 one pass (as data).
        try await strict.check("http://[2606:2800:220:1:248:1893:25c8:1946]/x")
        try await strict.check("http://[2002:5db8:d822::1]/x")
    }
}
