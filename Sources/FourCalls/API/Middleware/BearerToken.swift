import HTTPTypes

/// The token of an `Authorization: Bearer {token}` header, for both authenticators.
enum BearerToken {
    /// The token after a case-insensitive `Bearer `, without the blanks around it; nil for
    /// another scheme or no token. Trimmed by hand: Foundation's `trimmingCharacters(in:)`
    /// bridges to `NSString`, which was most of the authenticators' cost per request.
    static func parse(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        var token = parts[1]
        while let first = token.first, first.isWhitespace { token.removeFirst() }
        while let last = token.last, last.isWhitespace { token.removeLast() }
        return String(token)
    }

    static func parse(_ fields: HTTPFields) -> String? {
        fields[.authorization].flatMap(parse)
    }
}
