import Foundation
import HTTPTypes

/// The token of an `Authorization: Bearer {token}` header, for both authenticators.
enum BearerToken {
    /// The token after a case-insensitive `Bearer `, without the blanks around it (spaces,
    /// tabs: Foundation's `.whitespaces`); nil for another scheme or a bare `Bearer`. Trimmed scalar by
    /// scalar: `trimmingCharacters(in:)` bridges the string to `NSString`, which was most of
    /// the authenticators' cost per request.
    static func parse(_ header: String) -> String? {
        let parts = header.split(separator: Character(" "), maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        var token = parts[1].unicodeScalars[...]
        guard let first = token.first, let last = token.last, isBlank(first) || isBlank(last) else { return String(parts[1]) }
        while let first = token.first, isBlank(first) { token.removeFirst() }
        while let last = token.last, isBlank(last) { token.removeLast() }
        return String(String.UnicodeScalarView(token))
    }

    /// `CharacterSet.whitespaces` makes a new set on every use: asked only beyond ASCII,
    /// where its blanks are the space and the tab.
    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || scalar == "\t" : CharacterSet.whitespaces.contains(scalar)
    }

    static func parse(_ fields: HTTPFields) -> String? {
        fields[.authorization].flatMap(parse)
    }
}
