import Foundation

/// Any JSON value: used for request bodies (read field by field by `FieldReader`) and for
/// free-form fields such as `metadata`.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        // Each kind is tried in turn, and each miss costs a thrown error (with its coding
        // path): the kinds request bodies hold most, strings and objects, come first. In JSON
        // only numbers overlap: an integer is tried before a double.
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else {
            self = .double(try container.decode(Double.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public var isNull: Bool { self == .null }

    /// The JSON type name used in validation messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Compact JSON text, as stored in TEXT columns.
    func jsonText() -> String {
        (try? String(decoding: JSONCoding.storageEncoder.encode(self), as: UTF8.self)) ?? "null"
    }

    /// The JSON the app's encoder writes for `value` (dates in RFC 3339, ids in lower case).
    init(encoding value: some Encodable) throws {
        self = try JSONCoding.decoder.decode(JSONValue.self, from: JSONCoding.encoder.encode(value))
    }

    /// Parses JSON text stored by `jsonText()`.
    static func parse(_ text: String) -> JSONValue {
        // Most stored objects are empty: no decoder for those.
        if text == "{}" { return .object([:]) }
        return (try? JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8))) ?? .null
    }
}

/// Literals for values built in code (tool schemas, test bodies: `["type": "object"]`).
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByBooleanLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(Int64(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
