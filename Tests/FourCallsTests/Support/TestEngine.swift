import Foundation
import Logging
import PostgresNIO
@testable import FourCalls

/// The engines a test runs on: SQLite always, PostgreSQL when `TEST_DATABASE_URL` names a
/// server (`.ci/run` starts one and sets it).
enum Engine: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let postgresURL: String? = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    static var enabled: [Engine] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }
}

import Testing

/// A database of its own for one test: a temporary SQLite file, or a fresh PostgreSQL
/// database created on the test server and dropped afterwards.
struct TestDatabase: Sendable {
    let url: String
    private let cleanup: @Sendable () async -> Void

    static func make(_ engine: Engine) async throws -> TestDatabase {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fourcalls-tests-\(UUID().api)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return TestDatabase(url: "sqlite://\(directory.path)/test.sqlite") {
                try? FileManager.default.removeItem(at: directory)
            }
        case .postgres:
            let server = try PostgresTestServer.fromEnvironment()
            let name = "fc_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
            try await server.execute("CREATE DATABASE \(name)")
            return TestDatabase(url: server.url(database: name)) {
                try? await server.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
    }

    func drop() async { await cleanup() }

    /// Runs `body` with the storage of a database of its own (its services running), then
    /// closes and drops it, whether `body` throws or not.
    static func withStorage(
        _ engine: Engine, poolSize: Int = PostgresStorage.defaultPoolSize, _ body: @Sendable (any Storage) async throws -> Void
    ) async throws {
        let database = try await make(engine)
        let storage = try await openStorage(DatabaseURL(parsing: database.url), poolSize: poolSize, logger: Logger(label: "test"))
        let services = Task {
            try await withThrowingDiscardingTaskGroup { group in
                for service in storage.services { group.addTask { try await service.run() } }
            }
        }
        // The services stop before the database goes (a listener would see it dropped).
        do {
            try await body(storage)
            services.cancel()
            await storage.shutdown()
            await database.drop()
        } catch {
            services.cancel()
            await storage.shutdown()
            await database.drop()
            throw error
        }
    }
}

/// The PostgreSQL server of `TEST_DATABASE_URL`, used only to create and drop test databases.
struct PostgresTestServer: Sendable {
    let location: DatabaseURL.PostgresLocation

    static func fromEnvironment() throws -> PostgresTestServer {
        guard let text = Engine.postgresURL, case .postgres(let location) = try DatabaseURL(parsing: text) else {
            throw DatabaseURL.Invalid(description: "TEST_DATABASE_URL must be a postgres:// URL")
        }
        // Tests create and drop databases: only ever on a server of this machine.
        guard ["127.0.0.1", "localhost", "::1"].contains(location.host) else {
            throw DatabaseURL.Invalid(description: "TEST_DATABASE_URL must point to a local server, not \(location.host)")
        }
        return PostgresTestServer(location: location)
    }

    func url(database: String) -> String {
        let credentials = location.username + (location.password.map { ":\($0)" } ?? "")
        return "postgres://\(credentials)@\(location.host):\(location.port)/\(database)"
    }

    func execute(_ sql: String) async throws {
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username,
            password: location.password, database: location.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Logger(label: "tests"))
        defer { Task { try? await connection.close() } }
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "tests"))
    }
}
