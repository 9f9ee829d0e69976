import Foundation

extension FieldReader {
    /// An array of strings, each trimmed, non-empty and at most `maxLength` characters long.
    /// Messages name the item at fault (`options.2`), so a client can point at it. Nil when
    /// absent, `null` or invalid.
    mutating func trimmedStrings(_ key: String, required: Bool = false, maxLength: Int) -> [String]? {
        guard let value = raw(key, required: required) else { return nil }
        guard case .array(let items) = value else {
            fail(key, "The \(key.replacingOccurrences(of: "_", with: " ")) field must be an array.")
            return nil
        }
        var strings: [String] = []
        var valid = true
        for (index, item) in items.enumerated() {
            let field = "\(key).\(index)"
            guard case .string(let text) = item else {
                fail(field, "The \(field) field must be a string.")
                valid = false
                continue
            }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                fail(field, "The \(field) field must not be empty.")
                valid = false
            } else if let problem = TextLimits.lineProblem(trimmed, maxLength: maxLength) {
                fail(field, "The \(field) field \(problem).")
                valid = false
            } else {
                strings.append(trimmed)
            }
        }
        return valid ? strings : nil
    }
}
