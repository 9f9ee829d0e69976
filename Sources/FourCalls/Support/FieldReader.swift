import Foundation

/// Reads the fields of a JSON object body one by one and collects every validation message,
/// so that a 422 lists all the problems of a request at once, keyed by field (Laravel style).
///
/// Each accessor returns `nil` when the field is absent, `null`, or invalid; `isPresent(_:)`
/// tells absent from given, which partial updates need.
public struct FieldReader: Sendable {
    public let object: [String: JSONValue]
    public private(set) var errors: [String: [String]] = [:]

    public init(_ object: [String: JSONValue]) {
        self.object = object
    }

    /// True when the key was sent, even as `null`.
    public func isPresent(_ key: String) -> Bool { object[key] != nil }

    public mutating func fail(_ key: String, _ message: String) {
        errors[key, default: []].append(message)
    }

    /// Adds messages found by a parser of a nested shape.
    public mutating func merge(_ other: FieldErrors) {
        for (key, messages) in other.messages { errors[key, default: []].append(contentsOf: messages) }
    }

    /// Throws a 422 `VALIDATION_ERROR` listing every collected message.
    public func validate() throws {
        if !errors.isEmpty { throw APIError.validation(errors) }
    }

    private mutating func value(_ key: String, required: Bool) -> JSONValue? {
        guard let value = object[key], !value.isNull else {
            if required { fail(key, "The \(label(key)) field is required.") }
            return nil
        }
        return value
    }

    private func label(_ key: String) -> String { key.replacingOccurrences(of: "_", with: " ") }

    /// A single-line text: trimmed, at most `maxLength` characters and `4 × maxLength` UTF-8
    /// bytes, no control characters (CONTRACT section 1).
    public mutating func string(_ key: String, required: Bool = false, maxLength: Int = TextLimits.line) -> String? {
        guard let text = trimmedText(key, required: required) else { return nil }
        if let problem = TextLimits.lineProblem(text, maxLength: maxLength) {
            fail(key, "The \(label(key)) field \(problem).")
            return nil
        }
        return text
    }

    /// A multi-line text (notes, descriptions, scripts, transcripts): trimmed, at most
    /// `maxBytes` UTF-8 bytes; tabs and line breaks are its only control characters.
    public mutating func longText(_ key: String, required: Bool = false, maxBytes: Int = TextLimits.longTextBytes) -> String? {
        guard let text = trimmedText(key, required: required) else { return nil }
        if let problem = TextLimits.longTextProblem(text, maxBytes: maxBytes) {
            fail(key, "The \(label(key)) field \(problem).")
            return nil
        }
        return text
    }

    private mutating func trimmedText(_ key: String, required: Bool) -> String? {
        guard let value = value(key, required: required) else { return nil }
        guard case .string(let raw) = value else {
            fail(key, "The \(label(key)) field must be a string.")
            return nil
        }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            if required { fail(key, "The \(label(key)) field is required.") }
            return nil
        }
        return text
    }

    /// A string that must keep its exact characters (passwords, secrets): not trimmed; at
    /// least `minLength` characters, at most `maxBytes` UTF-8 bytes, no control characters.
    public mutating func secret(_ key: String, required: Bool = false, minLength: Int, maxBytes: Int = TextLimits.line) -> String? {
        guard let value = value(key, required: required) else { return nil }
        guard case .string(let text) = value else {
            fail(key, "The \(label(key)) field must be a string.")
            return nil
        }
        if text.count < minLength {
            fail(key, "The \(label(key)) field must be at least \(minLength) characters.")
            return nil
        }
        if text.utf8.count > maxBytes {
            fail(key, "The \(label(key)) field must not be greater than \(maxBytes) bytes (UTF-8).")
            return nil
        }
        if TextLimits.hasControlCharacter(text) {
            fail(key, "The \(label(key)) field must not contain control characters.")
            return nil
        }
        return text
    }

    public mutating func int(_ key: String, required: Bool = false, in range: ClosedRange<Int>) -> Int? {
        guard let value = value(key, required: required) else { return nil }
        let number: Int?
        switch value {
        case .int(let int): number = Int(exactly: int)
        case .double(let double): number = double.rounded() == double ? Int(exactly: double) : nil
        default: number = nil
        }
        guard let number else {
            fail(key, "The \(label(key)) field must be an integer.")
            return nil
        }
        guard range.contains(number) else {
            fail(key, "The \(label(key)) field must be between \(range.lowerBound) and \(range.upperBound).")
            return nil
        }
        return number
    }

    public mutating func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = value(key, required: required) else { return nil }
        guard case .bool(let bool) = value else {
            fail(key, "The \(label(key)) field must be true or false.")
            return nil
        }
        return bool
    }

    public mutating func email(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required, maxLength: TextLimits.email) else { return nil }
        guard EmailAddress.isValid(text) else {
            fail(key, "The \(label(key)) field must be a valid email address.")
            return nil
        }
        return text
    }

    public mutating func uuid(_ key: String, required: Bool = false) -> UUID? {
        guard let text = string(key, required: required, maxLength: 36) else { return nil }
        guard let id = UUID(text: text) else {
            fail(key, "The \(label(key)) field must be a valid UUID.")
            return nil
        }
        return id
    }

    public mutating func oneOf<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool = false) -> E?
    where E.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            fail(key, "The selected \(label(key)) is invalid. Allowed: \(allowed).")
            return nil
        }
        return value
    }

    public mutating func timeZone(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required, maxLength: 64) else { return nil }
        guard TimeZones.isValidIdentifier(text) else {
            fail(key, "The \(label(key)) field must be a valid IANA time zone (for example America/New_York).")
            return nil
        }
        return text
    }

    public mutating func stringArray(_ key: String, required: Bool = false, maxLength: Int = TextLimits.line) -> [String]? {
        guard let value = value(key, required: required) else { return nil }
        guard case .array(let items) = value else {
            fail(key, "The \(label(key)) field must be an array.")
            return nil
        }
        var strings: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, !text.isEmpty else {
                fail("\(key).\(index)", "The \(label(key)).\(index) field must be a non-empty string.")
                return nil
            }
            if let problem = TextLimits.lineProblem(text, maxLength: maxLength) {
                fail("\(key).\(index)", "The \(label(key)).\(index) field \(problem).")
                return nil
            }
            strings.append(text)
        }
        return strings
    }

    /// An array of UUIDs whose length is in `count`; each bad id is reported at its index.
    public mutating func uuidArray(_ key: String, required: Bool = false, count: ClosedRange<Int>) -> [UUID]? {
        guard let texts = stringArray(key, required: required, maxLength: 36) else { return nil }
        guard count.contains(texts.count) else {
            fail(key, "The \(label(key)) field must list between \(count.lowerBound) and \(count.upperBound) ids.")
            return nil
        }
        var ids: [UUID] = []
        for (index, text) in texts.enumerated() {
            guard let id = UUID(text: text) else {
                fail("\(key).\(index)", "The \(key).\(index) field must be a valid UUID.")
                continue
            }
            ids.append(id)
        }
        return ids
    }

    /// A JSON object kept as is (free-form `metadata`).
    public mutating func jsonObject(_ key: String, required: Bool = false) -> JSONValue? {
        guard let value = value(key, required: required) else { return nil }
        guard case .object = value else {
            fail(key, "The \(label(key)) field must be an object.")
            return nil
        }
        return value
    }

    /// An RFC 3339 timestamp with any offset.
    public mutating func date(_ key: String, required: Bool = false) -> Date? {
        guard let text = string(key, required: required, maxLength: 64) else { return nil }
        guard let date = Timestamps.parse(text) else {
            fail(key, "The \(label(key)) field must be an RFC 3339 date-time (for example 2026-01-20T10:00:00Z).")
            return nil
        }
        return date
    }

    /// The raw value of a field, for readers that parse nested shapes themselves.
    public mutating func raw(_ key: String, required: Bool = false) -> JSONValue? {
        value(key, required: required)
    }
}
