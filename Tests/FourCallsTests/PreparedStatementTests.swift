import Foundation
import SQLKit
import Testing
@testable import FourCalls

/// On PostgreSQL a statement a connection runs again runs as a named prepared statement.
/// Every PostgreSQL HTTP test goes through it; these check what they do not reach: that
/// statements really are prepared, that the same text bound with other types is another
/// statement, and that a statement that cannot be prepared (or can no longer be) falls back
/// to the unnamed path instead of failing on that connection for good. One pooled
/// connection, so every step meets what the previous ones left on it.
@Suite("PostgreSQL prepared statements")
struct PreparedStatementTests {
    func withProbe(_ body: @Sendable (any Storage) async throws -> Void) async throws {
        try await TestDatabase.withStorage(.postgres, poolSize: 1) { storage in
            try await storage.transaction { db in
                try await db.raw("CREATE TABLE probe (id BIGINT PRIMARY KEY, label TEXT, score INTEGER)").run()
            }
            try await body(storage)
        }
    }

    func preparedNames(_ storage: any Storage) async throws -> [String] {
        try await storage.read { db in
            try await db.raw("SELECT name FROM pg_prepared_statements ORDER BY name").all(decodingColumn: "name", as: String.self)
        }
    }

    @Test(.enabled(if: Engine.postgresURL != nil, "TEST_DATABASE_URL is not set: PostgreSQL runs are skipped (see .ci/run)"))
    func aRepeatedStatementRunsPreparedWithItsOwnValuesEachTime() async throws {
        try await withProbe { storage in
            // The same insert bound with nulls (the first run unnamed, the second prepared) and
            // then with values (a 64-bit integer into an INTEGER column), and each row read
            // back by the same prepared select: every run with its own values.
            for id in 1...6 {
                let score: Int? = id <= 2 ? nil : id * 10
                let label: String? = id == 4 ? nil : "label \(id)"
                try await storage.transaction { db in
                    try await db.raw("INSERT INTO probe (id, label, score) VALUES (\(bind: id), \(bind: label), \(bind: score))").run()
                }
            }
            for id in 1...6 {
                let row = try await storage.read { db in
                    try await db.raw("SELECT label, score FROM probe WHERE id = \(bind: id)").first()
                }
                let score = try row?.decode(column: "score", as: Int?.self)
                let label = try row?.decode(column: "label", as: String?.self)
                #expect(score == (id <= 2 ? nil : id * 10))
                #expect(label == (id == 4 ? nil : "label \(id)"))
            }
            let names = try await preparedNames(storage)
            #expect(names.filter { $0.hasPrefix("fourcalls_") }.count >= 2, "prepared: \(names)")
        }
    }

    @Test(.enabled(if: Engine.postgresURL != nil, "TEST_DATABASE_URL is not set: PostgreSQL runs are skipped (see .ci/run)"))
    func aStatementWhoseTableChangedFallsBackInsteadOfFailingForGood() async throws {
        try await withProbe { storage in
            try await storage.transaction { db in
                try await db.raw("INSERT INTO probe (id, label, score) VALUES (1, 'one', 1)").run()
            }
            let selectAll: @Sendable () async throws -> [String] = {
                try await storage.read { db in
                    try await db.raw("SELECT * FROM probe WHERE id = \(bind: 1)").first().map { $0.allColumns } ?? []
                }
            }
            for _ in 1...3 { #expect(try await selectAll() == ["id", "label", "score"]) }
            try await storage.transaction { db in
                try await db.raw("ALTER TABLE probe ADD COLUMN note TEXT").run()
            }
            // PostgreSQL may refuse the plan it kept once ("cached plan must not change
            // result type"); after that the statement runs unnamed and sees the new column.
            _ = try? await selectAll()
            for _ in 1...3 { #expect(try await selectAll() == ["id", "label", "score", "note"]) }
        }
    }

    @Test(.enabled(if: Engine.postgresURL != nil, "TEST_DATABASE_URL is not set: PostgreSQL runs are skipped (see .ci/run)"))
    func nothingIsPreparedInsideATransactionThatFailed() async throws {
        try await withProbe { storage in
            let count: @Sendable (any SQLDatabase) async throws -> Int? = { db in
                try await db.raw("SELECT count(*) AS n FROM probe WHERE score > \(bind: 0)").first(decodingColumn: "n", as: Int.self)
            }
            let before = try await storage.read { try await count($0) }
            #expect(before == 0)
            await #expect(throws: (any Error).self) {
                try await storage.transaction { db in
                    do {
                        try await db.raw("INSERT INTO missing_table VALUES (1)").run()
                    } catch {}
                    // PostgreSQL refuses this (the transaction has failed): preparing it here
                    // would leave the refusal on the connection for this statement.
                    _ = try await count(db)
                }
            }
            for _ in 1...3 {
                let after = try await storage.read { try await count($0) }
                #expect(after == 0)
            }
            let names = try await preparedNames(storage)
            #expect(names.contains { $0.hasPrefix("fourcalls_") }, "prepared: \(names)")
        }
    }
}
