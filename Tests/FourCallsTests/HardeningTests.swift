import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
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
        try await Self.withLiveApp(configure: { $0.httpIdleTimeoutSeconds = 3 }) { port, _ in
            var slow: [RawSocket] = []
            for index in 0..<1000 {
                let socket = try RawSocket(port: port)
                try socket.send("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow-\(index): ")
                slow.append(socket)
            }
            var times: [Double] = []
            for _ in 0..<15 { times.append(try await Self.healthTime(port: port)) }
            let median = times.sorted()[times.count / 2]
            #expect(median < 0.1, "/health took \(times) with 1,000 slow clients open")
            // A byte every second does not keep a head alive past the timeout.
            for _ in 0..<2 {
                try await Task.sleep(for: .seconds(1))
                for socket in slow.prefix(50) { try? socket.send("x") }
            }
            var closed = 0
            for socket in slow.prefix(100) where await socket.read(timeout: 4).closed { closed += 1 }
            #expect(closed == 100, "only \(closed) of 100 slow connections were closed")
            #expect(try await Self.healthTime(port: port) < 1)
        }
    }

    /// Past `HTTP_MAX_CONNECTIONS` a new connection waits in the backlog until one closes.
    @Test func connectionsAreCapped() async throws {
        try await Self.withLiveApp(configure: { $0.httpIdleTimeoutSeconds = 2; $0.httpMaxConnections = 3 }) { port, _ in
            let held = try (0..<3).map { _ in try RawSocket(port: port) }
            for socket in held { try socket.send("GET /health HTTP/1.1\r\nHost: x\r\n") }
            try await Task.sleep(for: .milliseconds(200))
            let waiting = try RawSocket(port: port)
            try waiting.send("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            let early = await waiting.read(timeout: 0.7)
            #expect(early.text.isEmpty, "a fourth connection was served: \(early.text.prefix(60))")
            // The idle timeout closes the held ones; then the fourth is accepted and served.
            let late = await waiting.read(timeout: 6)
            #expect((early.text + late.text).hasPrefix("HTTP/1.1 200"), "\(late.text.prefix(80))")
            _ = held
        }
    }

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
