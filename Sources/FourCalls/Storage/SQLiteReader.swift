import Foundation
import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO
import VaporCSQLite

/// A query-only SQLite connection that runs its statements on the calling thread and keeps
/// them prepared. sqlite-nio prepares every statement anew and sends each one to a thread
/// pool and back; for the short reads that serve most requests those two thread hops and
/// the parse cost more than the query (profiles of contact by id, search and lookup).
/// A reader is used by one task at a time (`ConnectionQueue`); in WAL mode a reader never
/// waits for the writer, so a read occupies its thread only while SQLite works.
final class SQLiteReader: @unchecked Sendable {
    /// A prepared statement and its result columns.
    private final class Prepared {
        let statement: OpaquePointer
        let columns: SQLiteReaderColumns

        init(statement: OpaquePointer, columns: SQLiteReaderColumns) {
            self.statement = statement
            self.columns = columns
        }
    }

    /// Distinct SQL texts kept prepared per connection (lists bind `IN (...)` of any
    /// length, so the set is open-ended): past this the cache starts over.
    static let cachedStatements = 256

    private var handle: OpaquePointer?
    private var prepared: [String: Prepared] = [:]

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    /// Opens `path` for reading: `query_only`, and the same busy timeout as the other connections.
    static func open(path: String) throws -> SQLiteReader {
        var handle: OpaquePointer?
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "cannot open"
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            throw SQLiteReadError(code: status, message: message)
        }
        let reader = SQLiteReader(handle: handle)
        for pragma in ["PRAGMA busy_timeout = 5000", "PRAGMA query_only = 1"] {
            try reader.query(pragma, []) { _ in }
        }
        return reader
    }

    /// Runs `sql` with `binds`, handing each row to `onRow`.
    func query(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteReaderRow.Values) throws -> Void) throws {
        guard let handle else { throw SQLiteReadError(code: SQLITE_MISUSE, message: "The connection is closed.") }
        let entry = try statement(for: sql, on: handle)
        let statement = entry.statement
        // Reset, but bindings are not cleared: every run binds every parameter again, and
        // `sqlite3_clear_bindings` marks a statement whose plan looked at a bound value
        // (`LIMIT ?`) as expired, which re-prepared it on every run.
        defer { sqlite_nio_sqlite3_reset(statement) }
        for (index, bind) in binds.enumerated() {
            try check(Self.bind(bind, at: Int32(index + 1), to: statement), on: handle)
        }
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw SQLiteReadError(code: status, message: String(cString: sqlite_nio_sqlite3_errmsg(handle))) }
            var values: [SQLiteData] = []
            values.reserveCapacity(entry.columns.names.count)
            for column in 0..<Int32(entry.columns.names.count) {
                values.append(Self.value(at: column, of: statement))
            }
            try onRow(SQLiteReaderRow.Values(columns: entry.columns, values: values))
        }
    }

    func close() {
        for entry in prepared.values { sqlite_nio_sqlite3_finalize(entry.statement) }
        prepared = [:]
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }

    private func statement(for sql: String, on handle: OpaquePointer) throws -> Prepared {
        if let entry = prepared[sql] { return entry }
        if prepared.count >= Self.cachedStatements {
            for entry in prepared.values { sqlite_nio_sqlite3_finalize(entry.statement) }
            prepared = [:]
        }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else {
            throw SQLiteReadError(code: status, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
        }
        let count = sqlite_nio_sqlite3_column_count(statement)
        let names = (0..<count).map { column in sqlite_nio_sqlite3_column_name(statement, column).map { String(cString: $0) } ?? "" }
        let entry = Prepared(statement: statement, columns: SQLiteReaderColumns(names: names))
        prepared[sql] = entry
        return entry
    }

    private func check(_ status: Int32, on handle: OpaquePointer) throws {
        guard status == SQLITE_OK else { throw SQLiteReadError(code: status, message: String(cString: sqlite_nio_sqlite3_errmsg(handle))) }
    }

    private static func bind(_ value: SQLiteData, at index: Int32, to statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let number): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
        case .float(let number): sqlite_nio_sqlite3_bind_double(statement, index, number)
        case .text(let text): sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), transient, UInt8(SQLITE_UTF8))
        case .blob(let buffer):
            buffer.withUnsafeReadableBytes { bytes in
                sqlite_nio_sqlite3_bind_blob64(statement, index, bytes.baseAddress, UInt64(bytes.count), transient)
            }
        case .null: sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private static func value(at column: Int32, of statement: OpaquePointer) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .null }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    /// SQLite copies bound text and blobs (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// An error SQLite reported on a reader connection.
struct SQLiteReadError: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    var description: String { "SQLite error \(code): \(message)" }
}

/// A statement's result column names, shared by its rows.
final class SQLiteReaderColumns: Sendable {
    let names: [String]
    let index: [String: Int]

    init(names: [String]) {
        self.names = names
        // The first of equal names wins, as in sqlite-nio.
        self.index = Dictionary(names.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A row read by a `SQLiteReader`, decoded the way sqlite-kit decodes its rows.
struct SQLiteReaderRow: SQLRow {
    struct Values: Sendable {
        let columns: SQLiteReaderColumns
        let values: [SQLiteData]
    }

    let row: Values
    let decoder: SQLiteDataDecoder

    var allColumns: [String] { row.columns.names }

    func contains(column: String) -> Bool { row.columns.index[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let index = row.columns.index[column] else { return true }
        return row.values[index] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = row.columns.index[column] else {
            throw DecodingError.keyNotFound(
                SomeCodingKey(stringValue: column), .init(codingPath: [], debugDescription: "No column \(column) in the row."))
        }
        let value = row.values[index]
        // The common column types without the Codable machinery (a dynamic cast and a decoder
        // per value: most of the cost of reading rows); the same conversions sqlite-nio makes.
        if let decoded = Self.plain(D.self, value) { return decoded }
        return try decoder.decode(D.self, from: value)
    }

    /// `value` as `D` when `D` is one of the plain column types (nil otherwise, or when the
    /// value does not convert: the decoder then reports it).
    private static func plain<D>(_ type: D.Type, _ value: SQLiteData) -> D? {
        // `D` is checked to be exactly the type converted to, so the cast reinterprets nothing.
        func same<T>(_ converted: T?) -> D? { converted.map { unsafeBitCast($0, to: D.self) } }
        func optional<T>(_ converted: T?) -> D? {
            value == .null ? unsafeBitCast(T?.none, to: D.self) : converted.map { unsafeBitCast(T?.some($0), to: D.self) }
        }
        if type == Date.self { return same(Date(sqliteData: value)) }
        if type == Date?.self { return optional(Date(sqliteData: value)) }
        if type == String.self { return same(String(sqliteData: value)) }
        if type == String?.self { return optional(String(sqliteData: value)) }
        if type == Int.self { return same(Int(sqliteData: value)) }
        if type == Double.self { return same(Double(sqliteData: value)) }
        if type == Bool.self { return same(Bool(sqliteData: value)) }
        return nil
    }
}

/// `SQLDatabase` over a `SQLiteReader`: SQLKit builds and serializes the query, the reader
/// runs it on the calling thread.
struct SQLiteReaderDatabase: SQLDatabase {
    let reader: SQLiteReader
    let encoder: SQLiteDataEncoder
    let decoder: SQLiteDataDecoder
    let logger: Logger
    let eventLoop: any EventLoop

    var dialect: any SQLDialect { SQLiteDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    private func run(_ query: any SQLExpression, _ onRow: @Sendable (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        let values = try binds.map { try encoder.encode($0) }
        try reader.query(sql, values) { onRow(SQLiteReaderRow(row: $0, decoder: decoder)) }
    }
}
