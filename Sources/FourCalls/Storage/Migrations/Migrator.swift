import Foundation
import Logging
import SQLKit

/// Applies pending migrations in one transaction. On PostgreSQL a transaction-scoped advisory
/// lock makes instances that start together take turns: the first migrates, the others then
/// find nothing left to do. On SQLite `BEGIN IMMEDIATE` gives the same exclusion.
struct Migrator: Sendable {
    /// Arbitrary constant naming 4Calls' migration lock.
    static let advisoryLockKey: Int64 = 0x4CA115

    let storage: any Storage
    let clock: any AppClock
    let logger: Logger

    /// Returns the versions it applied (empty when the schema was current).
    @discardableResult
    func migrate() async throws -> [Int] {
        let engine = storage.engine
        let now = clock.now()
        let applied = try await storage.transaction { db -> [Int] in
            if engine == .postgres {
                try await db.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(Self.advisoryLockKey)))").run()
            }
            let timeType = engine == .postgres ? "TIMESTAMPTZ" : "REAL"
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at \(unsafeRaw: timeType) NOT NULL)
                """
            ).run()
            let done = Set(
                try await db.select().column("version").from("schema_migrations")
                    .all(decodingColumn: "version", as: Int.self))
            var applied: [Int] = []
            for migration in Migrations.all where !done.contains(migration.version) {
                for statement in migration.statements(for: engine) {
                    try await db.execute(sql: SQLRaw(statement)) { _ in }
                }
                try await migration.afterwards?(db)
                try await db.insert(into: "schema_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(now))
                    .run()
                applied.append(migration.version)
            }
            return applied
        }
        if applied.isEmpty {
            logger.debug("database schema is current")
        } else {
            logger.info("applied migrations", metadata: ["versions": "\(applied)"])
        }
        return applied
    }
}
