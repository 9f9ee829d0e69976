import Foundation
import NIOSSL
import Testing
@testable import FourCalls

@Suite("Configuration and database URLs")
struct ConfigurationTests {
    @Test func defaultsMatchTheContract() {
        let configuration = AppConfiguration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8000)
        #expect(configuration.databaseURL == "sqlite://fourcalls.sqlite")
        #expect(configuration.webhookAllowPrivateNetworks == false)
        #expect(configuration.rateLimitStandard == 100)
        #expect(configuration.rateLimitBulk == 10)
        #expect(configuration.rateLimitAI == 200)
        #expect(configuration.rateLimitAuth == 10)
        #expect(configuration.logLevel == .info)
        #expect(configuration.logFormat == .text)
        #expect(configuration.retentionWebhookDays == 30)
        #expect(configuration.maintenanceIntervalSeconds == 600)
        #expect(configuration.shutdownTimeoutSeconds == 30)
    }

    /// The README's configuration table lists every declared setting, in order, with its
    /// flag and its default: the declarations are the one source.
    @Test func theReadmeTableIsTheDeclarations() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Configuration").dropFirst().first)
        let rows = section.split(separator: "\n").prefix { !$0.hasPrefix("## ") }.filter { $0.hasPrefix("| `") }
        let listed = rows.map { row in
            row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }.prefix(3)
        }.map(Array.init)
        let declared = Setting.all.map { [$0.name, $0.isFlag ? $0.flag : "–", $0.defaultText] }
        #expect(listed == declared)
        #expect(Set(AppConfiguration.environmentNames).count == Setting.all.count)
    }

    @Test func everySettingIsReadByName() throws {
        var configuration = AppConfiguration()
        try configuration.apply([
            "PORT": "9090", "HOST": "0.0.0.0", "DATABASE_URL": "postgres://u:p@db.internal:6543/calls",
            "APP_KEY": testAppKey, "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true", "RATE_LIMIT_STANDARD": "5",
            "RATE_LIMIT_BULK": "2", "RATE_LIMIT_AI": "7", "RATE_LIMIT_AUTH": "3", "LOG_LEVEL": "DEBUG", "LOG_FORMAT": "json",
            "RETENTION_WEBHOOK_DAYS": "7", "MAINTENANCE_INTERVAL_SECONDS": "60", "SHUTDOWN_TIMEOUT_SECONDS": "5",
        ])
        #expect(configuration.port == 9090)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.databaseURL == "postgres://u:p@db.internal:6543/calls")
        #expect(configuration.appKey == testAppKey)
        #expect(configuration.webhookAllowPrivateNetworks)
        #expect(configuration.rateLimitStandard == 5)
        #expect(configuration.rateLimitBulk == 2)
        #expect(configuration.rateLimitAI == 7)
        #expect(configuration.rateLimitAuth == 3)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.logFormat == .json)
        #expect(configuration.retentionWebhookDays == 7)
        #expect(configuration.maintenanceIntervalSeconds == 60)
        #expect(configuration.shutdownTimeoutSeconds == 5)
    }

    @Test(arguments: [
        ["PORT": "eighty"], ["PORT": "70000"], ["LOG_LEVEL": "loud"], ["WEBHOOK_ALLOW_PRIVATE_NETWORKS": "maybe"],
        ["RATE_LIMIT_STANDARD": "0"], ["LOG_FORMAT": "xml"], ["RETENTION_WEBHOOK_DAYS": "0"], ["DATABASE_URL": "mysql://localhost/db"], ["DATABASE_URL": "sqlite://"],
    ])
    func badValuesAreRefusedByName(_ settings: [String: String]) {
        var configuration = AppConfiguration()
        #expect(throws: (any Error).self) { try configuration.apply(settings) }
        let name = settings.keys.first!
        do {
            try configuration.apply(settings)
        } catch {
            #expect("\(error)".contains(name) || name == "DATABASE_URL")
        }
    }

    @Test func databaseURLsParse() throws {
        #expect(try DatabaseURL(parsing: "sqlite://fourcalls.sqlite") == .sqliteFile(path: "fourcalls.sqlite"))
        #expect(try DatabaseURL(parsing: "sqlite:///var/lib/4calls/db.sqlite") == .sqliteFile(path: "/var/lib/4calls/db.sqlite"))
        #expect(try DatabaseURL(parsing: "sqlite://:memory:") == .sqliteMemory)
        let postgres = try DatabaseURL(parsing: "postgres://app:s%40cret@127.0.0.1:5433/fourcalls")
        #expect(postgres == .postgres(.init(host: "127.0.0.1", port: 5433, username: "app", password: "s@cret", database: "fourcalls")))
        #expect(try DatabaseURL(parsing: "postgresql://app@db/x").engine == .postgres)
        #expect(throws: DatabaseURL.Invalid.self) { try DatabaseURL(parsing: "postgres://host-only") }
    }

    /// libpq's `sslmode` (stack notes §13): what TLS is used, and what of the server is checked.
    @Test func postgresURLsReadSSLMode() throws {
        func location(_ url: String) throws -> DatabaseURL.PostgresLocation {
            guard case .postgres(let location) = try DatabaseURL(parsing: url) else { throw DatabaseURL.Invalid(description: url) }
            return location
        }
        #expect(try location("postgres://u@db/x").sslMode == .prefer)
        #expect(try location("postgres://u@db/x").requiresTLS == false)
        #expect(try location("postgres://u@db/x?sslmode=disable").tlsConfiguration == nil)
        let prefer = try #require(try location("postgres://u@db/x?sslmode=prefer").tlsConfiguration)
        #expect(prefer.certificateVerification == .none)
        let require = try location("postgres://u@db/x?sslmode=require")
        #expect(require.requiresTLS && require.tlsConfiguration?.certificateVerification == CertificateVerification.none)
        let verifyCA = try location("postgres://u@db/x?sslmode=verify-ca&sslrootcert=/etc/ssl/db-ca.pem")
        #expect(verifyCA.requiresTLS && verifyCA.sslRootCert == "/etc/ssl/db-ca.pem")
        #expect(verifyCA.tlsConfiguration?.certificateVerification == .noHostnameVerification)
        #expect(try location("postgres://u@db/x?sslmode=verify-full").tlsConfiguration?.certificateVerification == .fullVerification)
        #expect(throws: DatabaseURL.Invalid.self) { try DatabaseURL(parsing: "postgres://u@db/x?sslmode=sometimes") }
        #expect(throws: DatabaseURL.Invalid.self) { try DatabaseURL(parsing: "postgres://u@db/x?pool=3") }

        var configuration = AppConfiguration()
        try configuration.apply(["DATABASE_POOL_SIZE": "8"])
        #expect(configuration.databasePoolSize == 8)
        #expect(throws: AppConfiguration.Invalid.self) { try configuration.apply(["DATABASE_POOL_SIZE": "0"]) }
    }

    @Test("sslmode=disable and the default prefer both reach a server without TLS", .enabled(if: Engine.postgresURL != nil))
    func plainServersServeWithDisableAndPrefer() async throws {
        for mode in ["disable", "prefer"] {
            let database = try await TestDatabase.make(.postgres)
            do {
                let storage = try await openStorage(DatabaseURL(parsing: database.url + "?sslmode=\(mode)"), logger: .init(label: "test"))
                let services = Task {
                    try await withThrowingDiscardingTaskGroup { group in
                        for service in storage.services { group.addTask { try await service.run() } }
                    }
                }
                let one = try await storage.read { db in try await db.raw("SELECT 1 AS one").first(decodingColumn: "one", as: Int.self) }
                #expect(one == 1)
                services.cancel()
                await storage.shutdown()
            }
            await database.drop()
        }
    }

    @Test func appKeyIsRequiredWithPostgresAndKeptBesideSQLite() throws {
        let postgres = try DatabaseURL(parsing: "postgres://u@localhost/db")
        #expect(throws: (any Error).self) { try AppKey.resolve(configured: nil, database: postgres) }
        #expect(try AppKey.resolve(configured: testAppKey, database: postgres).count == 32)
        #expect(throws: (any Error).self) { try AppKey.resolve(configured: "c2hvcnQ=", database: postgres) }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("appkey-\(UUID().api)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = DatabaseURL.sqliteFile(path: directory.appendingPathComponent("app.sqlite").path)
        let first = try AppKey.resolve(configured: nil, database: file)
        let second = try AppKey.resolve(configured: nil, database: file)
        #expect(first.count == 32)
        #expect(first == second)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("app.sqlite.key").path))

        // A key file that cannot be read stops the server and stays as it is; so does a key
        // that cannot be written.
        let unreadable = directory.appendingPathComponent("other.sqlite.key")
        try FileManager.default.createDirectory(at: unreadable, withIntermediateDirectories: false)
        #expect(throws: AppKey.Missing.self) {
            try AppKey.resolve(configured: nil, database: .sqliteFile(path: directory.appendingPathComponent("other.sqlite").path))
        }
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: unreadable.path, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(throws: AppKey.Missing.self) {
            try AppKey.resolve(configured: nil, database: .sqliteFile(path: directory.appendingPathComponent("missing/app.sqlite").path))
        }
    }

    @Test func inMemoryDatabaseServes() async throws {
        var configuration = AppConfiguration()
        configuration.databaseURL = "sqlite://:memory:"
        configuration.bcryptCost = 4
        configuration.logLevel = .warning
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in
            let api = TestAPI(client: client, databaseURL: "sqlite://:memory:")
            let (token, _) = try await api.register()
            let orgID = try await api.createOrganization(token: token)
            let shown = try await api.call(.get, "/api/coordinator/organizations/\(orgID)", token: token)
            #expect(shown.status == .ok)
        }
    }
}
