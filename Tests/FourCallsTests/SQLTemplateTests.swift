import Foundation
import Logging
import SQLKit
import Testing
@testable import FourCalls

/// `SQLTemplate` keeps a query's SQL text per dialect and binds new values to it. Contacts
/// by id and the agents' lookups read through templates in every HTTP test; these check
/// what those do not reach.
@Suite("SQL templates")
struct SQLTemplateTests {
    func withProbe(_ engine: Engine, _ body: @Sendable (any Storage) async throws -> Void) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            try await storage.transaction { db in
                try await db.raw("CREATE TABLE probe (id INTEGER PRIMARY KEY, label TEXT NOT NULL, kind TEXT NOT NULL)").run()
                for id in 1...20 {
                    try await db.raw("INSERT INTO probe VALUES (\(bind: id), \(bind: "label \(id)"), \(bind: id % 2 == 0 ? "even" : "odd"))").run()
                }
            }
            try await body(storage)
        }
    }

    static let labelsOfKindBelow = SQLTemplate { db, binds in
        db.select().column("label").from("probe")
            .where("kind", .equal, SQLBind(binds[0])).where("id", .lessThan, SQLBind(binds[1])).orderBy("id").query
    }

    @Test(arguments: Engine.enabled)
    func eachRunBindsItsOwnValues(on engine: Engine) async throws {
        try await withProbe(engine) { storage in
            for (kind, below) in [("odd", 6), ("even", 11), ("odd", 2), ("none", 20), ("even", 21)] {
                let labels = try await storage.read { db in
                    try await Self.labelsOfKindBelow.query(on: db, binds: [kind, below]).all(decodingColumn: "label", as: String.self)
                }
                let expected = (1..<below).filter { ($0 % 2 == 0 ? "even" : "odd") == kind }.map { "label \($0)" }
                #expect(labels == expected, "\(kind) below \(below)")
            }
        }
    }

    /// A builder that writes binds of its own (here a constant) does not match the values it
    /// is given: its text is never reused, so every run still gets its own values.
    static let withABindOfItsOwn = SQLTemplate { db, binds in
        db.select().column("label").from("probe")
            .where("kind", .equal, SQLBind("even")).where("id", .equal, SQLBind(binds[0])).query
    }

    @Test(arguments: Engine.enabled)
    func aBuilderWithOtherBindsIsNeverCached(on engine: Engine) async throws {
        try await withProbe(engine) { storage in
            for id in [4, 8, 3, 12] {
                let label = try await storage.read { db in
                    try await Self.withABindOfItsOwn.query(on: db, binds: [id]).first(decodingColumn: "label", as: String.self)
                }
                #expect(label == (id % 2 == 0 ? "label \(id)" : nil), "id \(id)")
            }
        }
        #expect(!SQLTemplate.same([UUID(), "a"], ["a", UUID()]))
        #expect(!SQLTemplate.same([1], [1, 2]))
        #expect(!SQLTemplate.same([1], ["1"]))
        #expect(SQLTemplate.same([1, "a"], [1, "a"]))
    }
}
