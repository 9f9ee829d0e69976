import Foundation
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
protocol LeanColumnValue: SQLiteDataConvertible, PostgresDecodable {}
extension String: LeanColumnValue {}
extension UUID: LeanColumnValue {}
extension Date: LeanColumnValue {}
extension Int: LeanColumnValue {}
extension Bool: LeanColumnValue {}
extension Double: LeanColumnValue {}

/// A model that reads itself from a `LeanRow`. Other rows (and models) decode as before.
protocol LeanRowDecodable {
    init(leanRow row: some LeanRow) throws
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
        if let lean = Model.self as? any LeanRowDecodable.Type, let row = self as? any LeanRow,
            let model = try lean.init(leanRow: row) as? Model
        {
            return model
        }
        return try decode(model: Model.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// `decode(column:as:)`, converted straight from the cell when the row is lean.
    func decodeLean<Value: LeanColumnValue & Decodable>(column: String, as type: Value.Type) throws -> Value {
        if let row = self as? any LeanRow { return try row.convert(column, as: Value.self) }
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

/// A PostgreSQL row: lean for `LeanRowDecodable` models, postgres-kit's for everything else.
struct PostgresLeanRow: SQLRow, LeanRow {
    let cells: PostgresRandomAccessRow
    let decoded: any SQLRow

    var allColumns: [String] { decoded.allColumns }
    func contains(column: String) -> Bool { decoded.contains(column: column) }
    func decodeNil(column: String) throws -> Bool { try decoded.decodeNil(column: column) }
    func decode<T: Decodable>(column: String, as type: T.Type) throws -> T { try decoded.decode(column: column, as: T.self) }

    func convertIfPresent<Value: LeanColumnValue>(_ column: String, as type: Value.Type) throws -> Value? {
        guard cells.contains(column) else { throw Self.missing(column) }
        let cell = cells[column]
        guard cell.bytes != nil else { return nil }
        return try cell.decode(Value.self, context: .default)
    }
}
