import NIOConcurrencyHelpers
import SQLKit

extension SQLRowDecoder.KeyDecodingStrategy {
    /// `organizationId` reads the column `organization_id`, as `.convertFromSnakeCase` does,
    /// with each name converted once per process: SQLKit converts every key of every row
    /// (a Unicode property lookup per character), which showed up at 13% of a list request's
    /// CPU in a profile.
    static let snakeCaseColumns: Self = .custom { path in
        let key = path.last?.stringValue ?? ""
        return SomeCodingKey(stringValue: SnakeCaseColumns.column(for: key))
    }
}

/// The column names of camelCase property names, remembered.
enum SnakeCaseColumns {
    private static let known = NIOLockedValueBox<[String: String]>([:])

    static func column(for key: String) -> String {
        if let column = known.withLockedValue({ $0[key] }) { return column }
        let column = snakeCase(key)
        known.withLockedValue { $0[key] = column }
        return column
    }

    /// `camelCaseName` → `camel_case_name` (the models' properties have no acronyms).
    static func snakeCase(_ name: String) -> String {
        var result = ""
        result.reserveCapacity(name.utf8.count + 4)
        for (index, character) in name.enumerated() {
            if character.isUppercase {
                if index > 0 { result.append("_") }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }
}
