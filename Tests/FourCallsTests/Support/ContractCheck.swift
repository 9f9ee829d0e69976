import Foundation
import Testing
@testable import FourCalls

/// Every JSON response the suites receive through `TestAPI.call`, and every JSON request
/// body the server accepted, is checked against the OpenAPI document (issue #22): the
/// operation is found by method and path template, the response by status, and the body
/// validated against its schema (the JSON Schema 2020-12 keywords the document uses). A
/// status the operation does not document is a finding too. So a field added in code but
/// not in the document, or the reverse, fails the test that saw it.
enum ContractCheck {
    static let document = JSONValue.parse(String(decoding: OpenAPIDocument.bytes, as: UTF8.self))

    /// The document's operations: path templates split into segments (`nil` for a parameter).
    private static let operations: [(segments: [String?], method: String, operation: JSONValue)] = {
        guard case .object(let paths)? = document["paths"] else { return [] }
        var found: [(segments: [String?], method: String, operation: JSONValue)] = []
        for (path, item) in paths {
            let segments = path.split(separator: "/").map { $0.hasPrefix("{") ? nil : String($0) }
            guard case .object(let methods) = item else { continue }
            for (method, operation) in methods where ["get", "post", "put", "patch", "delete"].contains(method) {
                found.append((segments, method, operation))
            }
        }
        return found
    }()

    /// The document's operation for a request, and the route it was matched on (`nil` when
    /// the path is not an operation of the document: the 404 of an unknown route).
    private static func operation(method: String, path: String) -> (route: String, operation: JSONValue)? {
        var route = String(path.split(separator: "?", maxSplits: 1).first ?? "")
        if route.hasPrefix("/api/v1/") { route = "/api/" + route.dropFirst("/api/v1/".count) }
        let segments = route.split(separator: "/").map(String.init)
        let candidates = operations.filter { candidate in
            candidate.method == method.lowercased() && candidate.segments.count == segments.count
                && zip(candidate.segments, segments).allSatisfy { $0 == nil || $0 == $1 }
        }
        // The most literal template wins (`/contacts/imports/{id}` over `/contacts/{id}`).
        guard let match = candidates.max(by: { $0.segments.compactMap { $0 }.count < $1.segments.compactMap { $0 }.count }) else {
            return nil
        }
        return (route, match.operation)
    }

    /// What differs between a response and the document; empty when it conforms (or when it
    /// is not JSON, or the path is not an operation of the document).
    static func problems(method: String, path: String, status: Int, contentType: String?, body: JSONValue) -> [String] {
        guard let contentType, contentType.hasPrefix("application/json"), let (route, operation) = operation(method: method, path: path) else {
            return []
        }
        let exchange = "\(method) \(route) → \(status)"
        guard let responses = operation["responses"],
            let documented = responses["\(status)"] ?? responses["\(status / 100)XX"] ?? responses["default"]
        else {
            return ["\(exchange): the document has no \(status) response for this operation"]
        }
        guard let schema = resolve(documented)["content"]?["application/json"]?["schema"] else {
            return ["\(exchange): the document's \(status) response has no application/json body"]
        }
        var found: [String] = []
        validate(body, against: schema, at: "$", into: &found)
        return found.prefix(10).map { "\(exchange): \($0)" }
    }

    /// What differs between a JSON request body the server accepted (answered 2xx) and the
    /// document's request schema, objects closed: input the code takes but the document does
    /// not describe. Refused requests are the tests' deliberate mistakes and are not checked.
    static func requestProblems(method: String, path: String, status: Int, contentType: String?, body: String?) -> [String] {
        guard (200..<300).contains(status), let body, contentType?.hasPrefix("application/json") == true,
            let (route, operation) = operation(method: method, path: path)
        else { return [] }
        let exchange = "\(method) \(route) request (answered \(status))"
        guard let schema = resolve(operation["requestBody"] ?? .null)["content"]?["application/json"]?["schema"] else {
            return ["\(exchange): the document declares no application/json request body"]
        }
        var found: [String] = []
        validate(trimmed(JSONValue.parse(body)), against: schema, at: "$", into: &found)
        return found.prefix(10).map { "\(exchange): \($0)" }
    }

    /// The server trims the text it reads (`FieldReader`): limits apply to what remains.
    private static func trimmed(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text.trimmingCharacters(in: .whitespacesAndNewlines))
        case .array(let items): .array(items.map(trimmed))
        case .object(let object): .object(object.mapValues(trimmed))
        default: value
        }
    }

    /// Follows a `$ref` into `components`.
    private static func resolve(_ value: JSONValue) -> JSONValue {
        guard case .string(let reference)? = value["$ref"], reference.hasPrefix("#/") else { return value }
        var target: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") { target = target?[String(part)] }
        return target.map(resolve) ?? .null
    }

    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    /// The property names a schema declares, its `allOf` parts' included, and whether it
    /// admits others (`additionalProperties` true or a schema somewhere among them).
    private static func declared(_ given: JSONValue) -> (names: Set<String>, open: Bool) {
        let schema = resolve(given)
        var names: Set<String> = []
        if case .object(let properties)? = schema["properties"] { names.formUnion(properties.keys) }
        var open = schema["additionalProperties"].map { $0 != .bool(false) } ?? false
        if case .array(let parts)? = schema["allOf"] {
            for part in parts {
                let inner = declared(part)
                names.formUnion(inner.names)
                open = open || inner.open
            }
        }
        return (names, open)
    }

    /// Validates `value`; objects are closed: a property the schema (with its `allOf` parts)
    /// does not declare is a finding unless it says `additionalProperties`. The parts of an
    /// `allOf` are checked with `closed` false: their whole declares the names.
    private static func validate(
        _ value: JSONValue, against given: JSONValue, at location: String, into found: inout [String], closed: Bool = true
    ) {
        let schema = resolve(given)
        guard case .object(let keywords) = schema else { return }
        if case .array(let parts)? = keywords["allOf"] {
            for part in parts { validate(value, against: part, at: location, into: &found, closed: false) }
        }
        for keyword in ["oneOf", "anyOf"] {
            guard case .array(let options)? = keywords[keyword] else { continue }
            let matching = options.filter { option in
                var problems: [String] = []
                validate(value, against: option, at: location, into: &problems)
                return problems.isEmpty
            }
            if matching.isEmpty || (keyword == "oneOf" && matching.count > 1) {
                found.append("\(location): matches \(matching.count) of the \(keyword) schemas")
            }
        }
        if let type = keywords["type"] {
            let allowed: [String] =
                switch type {
                case .string(let name): [name]
                case .array(let names): names.compactMap(\.string)
                default: []
                }
            let actual = typeName(value)
            if !allowed.isEmpty, !allowed.contains(actual), !(actual == "integer" && allowed.contains("number")) {
                found.append("\(location): is \(actual), the document says \(allowed.joined(separator: " or "))")
                return
            }
        }
        if case .array(let options)? = keywords["enum"], !options.contains(value) {
            found.append("\(location): \(value) is not one of the document's values")
        }
        if let constant = keywords["const"], constant != value {
            found.append("\(location): is not the document's constant")
        }
        if let number = number(value) {
            if let minimum = keywords["minimum"].flatMap(Self.number), number < minimum { found.append("\(location): below its minimum") }
            if let maximum = keywords["maximum"].flatMap(Self.number), number > maximum { found.append("\(location): above its maximum") }
        }
        switch value {
        case .string(let text):
            if let minimum = keywords["minLength"].flatMap(Self.number), Double(text.count) < minimum {
                found.append("\(location): shorter than its minLength")
            }
            if let maximum = keywords["maxLength"].flatMap(Self.number), Double(text.count) > maximum {
                found.append("\(location): longer than its maxLength")
            }
            if case .string(let pattern)? = keywords["pattern"], text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(location): \"\(text)\" does not match \(pattern)")
            }
            switch keywords["format"]?.string {
            case "date-time"?: if Timestamps.parse(text) == nil { found.append("\(location): \"\(text)\" is not a date-time") }
            case "uuid"?: if UUID(uuidString: text) == nil { found.append("\(location): \"\(text)\" is not a UUID") }
            default: break
            }
        case .array(let items):
            if let minimum = keywords["minItems"].flatMap(Self.number), Double(items.count) < minimum { found.append("\(location): too few items") }
            if let maximum = keywords["maxItems"].flatMap(Self.number), Double(items.count) > maximum { found.append("\(location): too many items") }
            if let itemSchema = keywords["items"] {
                for (index, item) in items.enumerated() { validate(item, against: itemSchema, at: "\(location)[\(index)]", into: &found) }
            }
        case .object(let object):
            let properties: [String: JSONValue] = if case .object(let declared)? = keywords["properties"] { declared } else { [:] }
            if case .array(let required)? = keywords["required"] {
                for case .string(let name) in required where object[name] == nil {
                    found.append("\(location): has no \"\(name)\", which the document requires")
                }
            }
            let whole = closed ? declared(schema) : (names: [], open: true)
            for (name, property) in object.sorted(by: { $0.key < $1.key }) {
                if let declared = properties[name] {
                    validate(property, against: declared, at: "\(location).\(name)", into: &found)
                } else if case .object? = keywords["additionalProperties"], let extra = keywords["additionalProperties"] {
                    validate(property, against: extra, at: "\(location).\(name)", into: &found)
                } else if !whole.open, !whole.names.contains(name), keywords["properties"] != nil || keywords["allOf"] != nil {
                    found.append("\(location): has \"\(name)\", which the document does not declare")
                }
                if let names = keywords["propertyNames"] { validate(.string(name), against: names, at: "\(location) key \(name)", into: &found) }
            }
        default:
            break
        }
    }
}
