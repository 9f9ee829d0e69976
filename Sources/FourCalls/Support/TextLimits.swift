/// The contract's text limits (CONTRACT section 1). Characters are what a reader sees
/// (grapheme clusters), and a field of N characters also holds at most 4 × N UTF-8 bytes:
/// a "255-character" name of combining marks would otherwise be half a megabyte, and an
/// over-long e-mail or tag would overflow PostgreSQL's index rows.
public enum TextLimits {
    /// Names, titles and other single-line fields.
    public static let line = 255
    /// E-mail addresses (RFC 5321's path limit less the brackets).
    public static let email = 254
    public static let tag = 64
    /// Notes, descriptions, scripts and prompts.
    public static let longTextBytes = 64 * 1024
    public static let transcriptBytes = 1024 * 1024

    /// Why `text` does not fit a single-line field, or nil when it does.
    static func lineProblem(_ text: String, maxLength: Int) -> String? {
        if text.utf8.count > 4 * maxLength || text.count > maxLength {
            return "must not be greater than \(maxLength) characters (\(4 * maxLength) bytes in UTF-8)"
        }
        if hasControlCharacter(text) { return "must not contain control characters" }
        return nil
    }

    /// Why `text` does not fit a multi-line field, or nil when it does.
    static func longTextProblem(_ text: String, maxBytes: Int) -> String? {
        if text.utf8.count > maxBytes { return "must not be greater than \(maxBytes) bytes in UTF-8" }
        if text.unicodeScalars.contains(where: { isControl($0) && !["\t", "\n", "\r"].contains($0) }) {
            return "must not contain control characters other than tabs and line breaks"
        }
        return nil
    }

    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    /// Unicode's `Cc` category: C0 controls, DEL and the C1 controls.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
