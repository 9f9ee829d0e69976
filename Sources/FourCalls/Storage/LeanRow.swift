import Foundation
import NIOConcurrencyHelpers
import PostgresNIO
import SQLKit
import SQLiteNIO

/// A row whose columns convert straight into Swift values, for the hot reads: SQLKit's
/// `Codable` row decoder goes through each driver's generic value decoding for every column
/// (18% of a contact search on SQLite, 10% of a read by id on PostgreSQL in profiles). Both
/// engines' rows are lean: SQLite's through our reader, PostgreSQL's as
/// `PreparingPostgresDatabase` hands them out.
protocol LeanRow {
    /// The column's value, nil when it is NULL.
    func convertIfPresent<Value: LeanColumnValue>(_ column: String, as type: Value.Type) throws -> Value?
}

/// The values both engines convert without `Codable`.
protocol LeanColumnValue: SQLiteDataConvertible, PostgresDecodable {
    /// The value of a PostgreSQL cell that is not NULL, converted by the type's own code: a
    /// row read through generic code knows the value's type only at run time, and
    /// postgres-nio's generic decoding, reached from there, looked up its generic metadata on
    /// every cell (a third of a contact search's row decoding in profiles).
    init(postgresCell cell: PostgresCell) throws
}
extension String: LeanColumnValue {
    init(postgresCell cell: PostgresCell) throws { self = try cell.decode(String.self, context: .default) }
}
extension UUID: LeanColumnValue {
    init(postgresCell cell: PostgresCell) throws { self = try cell.decode(UUID.self, context: .default) }
}
extension Date: LeanColumnValue {
    init(postgresCell cell: PostgresCell) throws { self = try cell.decode(Date.self, context: .default) }
}
extension Int: LeanColumnValue {
    init(postgresCell cell: PostgresCell) throws { self = try cell.decode(Int.self, context: .default) }
}
extension Bool: LeanColumnValue {
    init(postgresCell cell: PostgresCell) throws { self = try cell.decode(Bool.self, context: .default) }
}
extension Double: LeanColumnValue {
    init(postgresCell cell: PostgresCell) throws { self = try cell.decode(Double.self, context: .default) }
}

/// A model that reads itself from a `LeanRow`. Other rows (and models) decode as before.
/// It reads a `LeanEngineRow`, not `some LeanRow`: the model is called through an
/// existential, where a generic conversion ran unspecialized for every column.
protocol LeanRowDecodable {
    init(leanRow row: LeanEngineRow) throws
}

/// Either engine's lean row, as one concrete type.
enum LeanEngineRow: LeanRow {
    case postgres(PostgresLeanRow)
    case sqlite(SQLiteReaderRow)

    init?(_ row: any SQLRow) {
        if let row = row as? PostgresLeanRow {
            self = .postgres(row)
        } else if let row = row as? SQLiteReaderRow {
            self = .sqlite(row)
        } else {
            return nil
        }
    }

    func convertIfPresent<Value: LeanColumnValue>(_ column: String, as type: Value.Type) throws -> Value? {
        switch self {
        case .postgres(let row): try row.convertIfPresent(column, as: Value.self)
        case .sqlite(let row): try row.convertIfPresent(column, as: Value.self)
        }
    }
}

extension LeanRow {
    func convert<Value: LeanColumnValue>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        guard let value = try convertIfPresent(column, as: Value.self) else {
            throw DecodingError.valueNotFound(Value.self, .init(codingPath: [SomeCodingKey(stringValue: column)], debugDescription: "\(column) is NULL."))
        }
        return value
    }

    func convertIfPresent<Value: LeanColumnValue>(_ column: String) throws -> Value? {
        try convertIfPresent(column, as: Value.self)
    }

    func enumValue<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws -> Value where Value.RawValue == String {
        let text: String = try convert(column)
        guard let value = Value(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [SomeCodingKey(stringValue: column)], debugDescription: "Unknown value \(text)."))
        }
        return value
    }

    static func missing(_ column: String) -> DecodingError {
        DecodingError.keyNotFound(SomeCodingKey(stringValue: column), .init(codingPath: [], debugDescription: "No column \(column) in the row."))
    }
}

extension SQLRow {
    /// `decode(model:keyDecodingStrategy: .snakeCaseColumns)`, through `LeanRowDecodable`
    /// when both the row and the model allow it.
    func decodeRow<Model: Decodable>(_ type: Model.Type) throws -> Model {
        if let lean = Model.self as? any LeanRowDecodable.Type, let row = LeanEngineRow(self),
            let model = try lean.init(leanRow: row) as? Model
        {
            return model
        }
        return try decode(model: Model.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// `decode(column:as:)`, converted straight from the cell when the row is lean.
    func decodeLean<Value: LeanColumnValue & Decodable>(column: String, as type: Value.Type) throws -> Value {
        if let row = LeanEngineRow(self) { return try row.convert(column, as: Value.self) }
        return try decode(column: column, as: Value.self)
    }
}

extension SQLiteReaderRow: LeanRow {
    func value(_ column: String) throws -> SQLiteData {
        guard let index = row.columns.index[column] else { throw Self.missing(column) }
        return row.values[index]
    }

    func convertIfPresent<Value: LeanColumnValue>(_ column: String, as type: Value.Type) throws -> Value? {
        let data = try value(column)
        if data == .null { return nil }
        guard let converted = Value(sqliteData: data) else {
            throw DecodingError.typeMismatch(
                Value.self, .init(codingPath: [SomeCodingKey(stringValue: column)], debugDescription: "Cannot read \(data) as \(Value.self)."))
        }
        return converted
    }
}

/// A PostgreSQL row: lean for `LeanRowDecodable` models, postgres-kit's for everything else
/// (made when first asked for: a lean model never needs it).
struct PostgresLeanRow: SQLRow, LeanRow {
    let cells: PostgresRandomAccessRow
    let columns: PostgresColumnIndex
    private let codable: PostgresCodableRow

    /// `columns` is the index of the rows of one result, made once for all of them.
    init(_ row: PostgresRow, columns: PostgresColumnIndex, decodingContext: PostgresDecodingContext<JSONDecoder>) {
        self.cells = row.makeRandomAccess()
        self.columns = columns
        self.codable = PostgresCodableRow(row, decodingContext: decodingContext)
    }

    var allColumns: [String] { columns.names }
    func contains(column: String) -> Bool { columns.index[column] != nil }
    func decodeNil(column: String) throws -> Bool { try codable.row.decodeNil(column: column) }
    func decode<T: Decodable>(column: String, as type: T.Type) throws -> T { try codable.row.decode(column: column, as: T.self) }

    func convertIfPresent<Value: LeanColumnValue>(_ column: String, as type: Value.Type) throws -> Value? {
        guard let index = columns.index[column] else { throw Self.missing(column) }
        let cell = cells[index]
        guard cell.bytes != nil else { return nil }
        return try Value(postgresCell: cell)
    }
}

/// The columns of a result's rows by name, shared by its rows.
final class PostgresColumnIndex: Sendable {
    let names: [String]
    let index: [String: Int]

    init(_ cells: PostgresRandomAccessRow) {
        names = cells.map(\.columnName)
        // A name that repeats is found at its first column, as postgres-nio finds it.
        index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// postgres-kit's `SQLRow` of a PostgreSQL row, made on first use.
private final class PostgresCodableRow: Sendable {
    private let source: PostgresRow
    private let decodingContext: PostgresDecodingContext<JSONDecoder>
    private let made = NIOLockedValueBox<(any SQLRow)?>(nil)

    init(_ row: PostgresRow, decodingContext: PostgresDecodingContext<JSONDecoder>) {
        source = row
        self.decodingContext = decodingContext
    }

    var row: any SQLRow {
        made.withLockedValue { made in
            if let made { return made }
            let row = source.sql(decodingContext: decodingContext)
            made = row
            return row
        }
    }
}
