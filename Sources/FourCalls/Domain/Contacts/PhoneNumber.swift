import Foundation

/// Phone numbers in E.164 (CONTRACT section 4): spaces, dashes, dots and parentheses are
/// dropped; the result is `+` and 8 to 15 digits; a number written without `+` takes the
/// organization's country code. Lookups and de-duplication compare these normalized forms.
enum PhoneNumber {
    /// Returns the E.164 form, or nil when `text` is not a phone number.
    static func normalize(_ text: String, countryCode: String) -> String? {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let separators: Set<Character> = [" ", "-", ".", "(", ")", "\u{00A0}"]
        body.removeAll { separators.contains($0) }
        var digits: String
        if body.hasPrefix("+") {
            digits = String(body.dropFirst())
        } else if body.hasPrefix("00") {
            digits = String(body.dropFirst(2))  // international prefix used in most of the world
        } else {
            guard !body.isEmpty else { return nil }
            // North American numbers are often written with their leading 1 but no +.
            if countryCode == "1", body.count == 11, body.hasPrefix("1") {
                digits = body
            } else {
                digits = countryCode + body
            }
        }
        guard (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return "+" + digits
    }
}


