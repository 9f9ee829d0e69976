import Foundation
import Logging
import SQLKit
import Testing
@testable import FourCalls

/// SQLite reads run on `SQLiteReader` connections with kept statements; every HTTP test on
/// SQLite reads through them. These check what the HTTP tests do not reach.
@Suite("SQLite readers")
struct SQLiteReaderTests {
    func withStorage(_ body: @Sendable (any Storage) async throws -> Void) async throws {
        try await TestDatabase.withStorage(.sqlite, body)
    }

    @Test
    func valuesRoundTripAndTheStatementCacheStartsOver() async throws {
        try await withStorage { storage in
            try await storage.transaction { db in
                try await db.raw("CREATE TABLE probe (id INTEGER PRIMARY KEY, label TEXT, amount REAL, raw BLOB, note TEXT)").run()
                for id in 1...400 {
                    try await db.raw(
                        "INSERT INTO probe VALUES (\(bind: id), \(bind: "é \(id) ☎"), \(bind: Double(id) / 4), \(bind: Data([UInt8(id % 256), 0, 7])), NULL)"
                    ).run()
                }
            }
            // More distinct statements than a reader keeps (lists of every length): each
            // answers correctly before and after the cache starts over.
            for count in 1...(SQLiteReader.cachedStatements + 44) {
                let ids = try await storage.read { db in
                    try await db.select().column("id").from("probe").where("id", .in, Array(1...count)).orderBy("id")
                        .all(decodingColumn: "id", as: Int.self)
                }
                #expect(ids == Array(1...count))
            }
            let row = try await storage.read { db in
                try await db.raw("SELECT id, label, amount, raw, note FROM probe WHERE id = \(bind: 257)").first()
            }
            #expect(try row?.decode(column: "label", as: String.self) == "é 257 ☎")
            #expect(try row?.decode(column: "amount", as: Double.self) == 64.25)
            #expect(try row?.decode(column: "raw", as: Data.self) == Data([1, 0, 7]))
            #expect(try row?.decodeNil(column: "note") == true)
            #expect(row?.allColumns == ["id", "label", "amount", "raw", "note"])
        }
    }

    @Test
    func anErrorLeavesTheReaderUsableAndReadersCannotWrite() async throws {
        try await withStorage { storage in
            await #expect(throws: SQLiteReadError.self) {
                try await storage.read { db in try await db.raw("SELECT * FROM no_such_table").all() }
            }
            await #expect(throws: SQLiteReadError.self) {
                try await storage.read { db in try await db.raw("CREATE TABLE sneaky (id INTEGER)").run() }
            }
            // Every reader, several times over, still answers.
            for _ in 0..<12 {
                let one = try await storage.read { db in try await db.raw("SELECT 1 AS one").first(decodingColumn: "one", as: Int.self) }
                #expect(one == 1)
            }
            let tables = try await storage.read { db in
                try await db.raw("SELECT name FROM sqlite_master WHERE name = 'sneaky'").all()
            }
            #expect(tables.isEmpty)
        }
    }

    /// The hand-written contact reader agrees with the `Codable` one, field for field.
    @Test
    func aContactReadsTheSameEitherWay() async throws {
        try await withTestApp(.sqlite) { api in
            let (token, base) = try await api.organization()
            _ = try await api.createContact(base, token: token, json: #"""
                {"name": "Zoë Every-Field", "email": "Zoe@Example.com", "phone": "+15550001111", "company": "Acme", "timezone": "Europe/Paris",
                 "status": "do_not_contact", "notes": "Prefers mornings", "tags": ["b", "a"], "metadata": {"source": "crm", "source_id": "42", "x": [1, 2]}}
                """#)
            _ = try await api.createContact(base, token: token, json: #"{"name": "Bare"}"#)
            let storage = try await openStorage(DatabaseURL(parsing: api.databaseURL), logger: Logger(label: "test"))
            let rows = try await storage.read { db in
                var select = db.select()
                for column in ContactRepository.taggedColumns { select = select.column(SQLRaw(column)) }
                return try await select.from("contacts").orderBy("name").all()
            }
            #expect(rows.count == 2)
            for row in rows {
                #expect(row is SQLiteReaderRow)
                let fast = try row.decodeRow(TaggedContact.self)
                let codable = try row.decode(model: TaggedContact.self, keyDecodingStrategy: .snakeCaseColumns)
                #expect(String(describing: fast) == String(describing: codable))
            }
            await storage.shutdown()
        }
    }
}
