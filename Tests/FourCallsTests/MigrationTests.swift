import Foundation
import Logging
import SQLKit
import Testing
@testable import FourCalls

@Suite("Migrations")
struct MigrationTests {
    /// Runs `body` with a storage of its own on a fresh database, services running.
    func withStorage(_ engine: Engine, _ body: @Sendable (String) async throws -> Void) async throws {
        let database = try await TestDatabase.make(engine)
        do {
            try await body(database.url)
            await database.drop()
        } catch {
            await database.drop()
            throw error
        }
    }

    func open(_ url: String) async throws -> (any Storage, Task<Void, any Error>) {
        let storage = try await openStorage(DatabaseURL(parsing: url), logger: Logger(label: "test"))
        let services = Task { for service in storage.services { try await service.run() } }
        return (storage, services)
    }

    @Test(arguments: Engine.enabled)
    func migratingTwiceAppliesNothingTheSecondTime(on engine: Engine) async throws {
        try await withStorage(engine) { url in
            let (storage, services) = try await open(url)
            let migrator = Migrator(storage: storage, clock: SystemClock(), logger: Logger(label: "test"))
            let first = try await migrator.migrate()
            let second = try await migrator.migrate()
            let versions = try await storage.read { db in
                try await db.select().column("version").from("schema_migrations").all(decodingColumn: "version", as: Int.self)
            }
            services.cancel()
            await storage.shutdown()
            #expect(first == Migrations.all.map(\.version))
            #expect(second.isEmpty)
            #expect(versions.sorted() == Migrations.all.map(\.version))
        }
    }

    /// Two instances (separate connection pools) starting together on one database: the
    /// advisory lock (PostgreSQL) or the write lock (SQLite) lets exactly one apply each step.
    @Test(arguments: Engine.enabled)
    func concurrentMigratorsApplyEachVersionOnce(on engine: Engine) async throws {
        try await withStorage(engine) { url in
            let (a, servicesA) = try await open(url)
            let (b, servicesB) = try await open(url)
            async let appliedA = Migrator(storage: a, clock: SystemClock(), logger: Logger(label: "a")).migrate()
            async let appliedB = Migrator(storage: b, clock: SystemClock(), logger: Logger(label: "b")).migrate()
            let applied: [Int]
            do {
                applied = try await (appliedA + appliedB).sorted()
            } catch {
                // Close what was opened, so that the failure is reported rather than a crash.
                servicesA.cancel()
                servicesB.cancel()
                await a.shutdown()
                await b.shutdown()
                throw error
            }
            let rows = try await a.read { db in
                try await db.select().column("version").from("schema_migrations").all(decodingColumn: "version", as: Int.self)
            }
            servicesA.cancel()
            servicesB.cancel()
            await a.shutdown()
            await b.shutdown()
            #expect(applied == Migrations.all.map(\.version))
            #expect(rows.sorted() == Migrations.all.map(\.version))
        }
    }

    @Test func everyMigrationHasBothDialects() {
        let versions = Migrations.all.map(\.version)
        #expect(versions == Array(1...versions.count))
        for migration in Migrations.all {
            // Twins side by side; only the search indexes differ: SQLite's FTS5 table
            // (migrations 7 and 8) and PostgreSQL's trigram indexes (16, 18, 19).
            let searchIndex = [7, 8, 16, 18, 19].contains(migration.version)
            // 11 is Swift alone (`afterwards`), the same on both engines.
            let swiftOnly = migration.version == 11 && migration.afterwards != nil
            #expect(!migration.postgres.isEmpty || migration.version == 8 || swiftOnly, "migration \(migration.version)")
            #expect(migration.sqlite.count == migration.postgres.count || searchIndex, "migration \(migration.version)")
        }
    }
}

extension MigrationTests {
    /// Accounts written before e-mails were compared after NFC still sign in.
    @Test(arguments: Engine.enabled)
    func emailsStoredBeforeNFCAreNormalizedAgain(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let decomposed = "jose\u{301}@example.com"
            _ = try await api.register(email: decomposed)
            let storage = try await openStorage(DatabaseURL(parsing: api.databaseURL), logger: Logger(label: "test"))
            let services = Task { for service in storage.services { try await service.run() } }
            // As the server before migration 11 stored it: lowercased, not composed.
            try await storage.transaction { db in
                try await db.update("users").set("email_normalized", to: decomposed.lowercased()).run()
                try await db.delete(from: "schema_migrations").where("version", .equal, 11).run()
            }
            #expect(try await api.call(.post, "/api/auth/login", json: #"{"email": "jos\#u{E9}@example.com", "password": "correct horse"}"#).status == .unauthorized)
            let applied = try await Migrator(storage: storage, clock: SystemClock(), logger: Logger(label: "test")).migrate()
            services.cancel()
            await storage.shutdown()
            #expect(applied == [11])
            let login = try await api.call(.post, "/api/auth/login", json: #"{"email": "jos\#u{E9}@example.com", "password": "correct horse"}"#)
            #expect(login.status == .ok)
        }
    }
    /// Migration 21 fills each contact's `tag_list` from the tags it already had.
    @Test(arguments: Engine.enabled)
    func tagListsAreFilledFromTheTagsKeptBefore(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let tagged = try await api.createContact(base, token: token, json: #"{"name": "Ada", "tags": ["vip", "a \"quoted\" tag", "ünï"]}"#)
            let plain = try await api.createContact(base, token: token, json: #"{"name": "Grace"}"#)
            let storage = try await openStorage(DatabaseURL(parsing: api.databaseURL), logger: Logger(label: "test"))
            let services = Task { for service in storage.services { try await service.run() } }
            // As the server before migration 21 kept them: in `contact_tags` alone.
            try await storage.transaction { db in
                try await db.raw("ALTER TABLE contacts DROP COLUMN tag_list").run()
                try await db.delete(from: "schema_migrations").where("version", .equal, 21).run()
            }
            let applied = try await Migrator(storage: storage, clock: SystemClock(), logger: Logger(label: "test")).migrate()
            services.cancel()
            await storage.shutdown()
            #expect(applied == [21])
            let shown = try await api.call(.get, "\(base)/contacts/\(tagged)", token: token)["tags"]?.array?.compactMap(\.string)
            #expect(shown == ["vip", "a \"quoted\" tag", "ünï"].sorted())
            #expect(try await api.call(.get, "\(base)/contacts/\(plain)", token: token)["tags"] == .array([]))
        }
    }
}
