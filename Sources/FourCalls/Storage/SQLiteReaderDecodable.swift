import Foundation
import SQLKit
import SQLiteNIO

/// A model that reads itself straight from the values of a `SQLiteReaderRow`, for the hot
/// reads: SQLKit's `Codable` row decoder goes through sqlite-kit's generic value decoder for
/// every column (18% of a contact search in a profile). Other rows decode as before.
protocol SQLiteReaderDecodable {
    init(sqliteReaderRow row: SQLiteReaderRow) throws
}

extension SQLRow {
    /// `decode(model:keyDecodingStrategy: .snakeCaseColumns)`, through
    /// `SQLiteReaderDecodable` when both the row and the model allow it.
    func decodeRow<Model: Decodable>(_ type: Model.Type) throws -> Model {
        if let fast = Model.self as? any SQLiteReaderDecodable.Type, let row = self as? SQLiteReaderRow,
            let model = try fast.init(sqliteReaderRow: row) as? Model
        {
            return model
        }
        return try decode(model: Model.self, keyDecodingStrategy: .snakeCaseColumns)
    }
}

extension SQLiteReaderRow {
    func value(_ column: String) throws -> SQLiteData {
        guard let index = row.columns.index[column] else {
            throw DecodingError.keyNotFound(
                SomeCodingKey(stringValue: column), .init(codingPath: [], debugDescription: "No column \(column) in the row."))
        }
        return row.values[index]
    }

    func convert<Value: SQLiteDataConvertible>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        let data = try value(column)
        guard let converted = Value(sqliteData: data) else {
            throw DecodingError.typeMismatch(
                Value.self, .init(codingPath: [SomeCodingKey(stringValue: column)], debugDescription: "Cannot read \(data) as \(Value.self)."))
        }
        return converted
    }

    func convertIfPresent<Value: SQLiteDataConvertible>(_ column: String, as type: Value.Type = Value.self) throws -> Value? {
        try value(column) == .null ? nil : convert(column, as: Value.self)
    }

    func enumValue<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws -> Value where Value.RawValue == String {
        let text: String = try convert(column)
        guard let value = Value(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [SomeCodingKey(stringValue: column)], debugDescription: "Unknown value \(text)."))
        }
        return value
    }
}
