import Foundation

/// E-mail address rules: one `@`, a local part, a dotted domain, no spaces.
enum EmailAddress {
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else {
            return false
        }
        return !text.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
    }

    /// E-mails are unique case-insensitively and after Unicode NFC normalization (`josé`
    /// composed and decomposed is one address): this is the form stored for comparisons.
    static func normalized(_ text: String) -> String { text.lowercased().precomposedStringWithCanonicalMapping }
}
