import Foundation
import Hummingbird

/// The query string read as browsers and HTTP clients write it:
/// `application/x-www-form-urlencoded`, where `+` is a space and `%2B` a plus (CONTRACT
/// section 1). Hummingbird's `queryParameters` only percent-decodes, so Python's
/// `requests.get(url, params={"search": "Ada Lovelace"})` arrived as `Ada+Lovelace`.
/// Every handler reads its query through this type. When a name repeats, the first wins.
struct FormQuery: Sendable {
    let values: [String: String]

    init(_ query: String?) {
        var values: [String: String] = [:]
        // Split on the bytes: `&`, `=`, `+` and `%` are ASCII, never part of another character.
        for pair in (query ?? "").utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            guard !name.isEmpty, values[name] == nil else { continue }
            values[name] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
        self.values = values
    }

    init(values: [String: String]) {
        self.values = values
    }

    subscript(name: String) -> String? { values[name] }

    /// A value with surrounding blanks dropped; nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// A phone number. The guide writes `?phone=+1234567890`; typed literally, its `+` is a
    /// space by the rules above, so a value that starts with a blank and then a digit is
    /// read with its `+`.
    func phone(_ name: String) -> String? {
        guard let raw = values[name] else { return nil }
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return nil }
        if raw.first == " ", value.first?.isASCII == true, value.first?.isNumber == true { return "+" + value }
        return value
    }

    /// `+` to a space, then `%XX` escapes; a malformed escape, or escapes that spell no UTF-8
    /// text, leave the text as sent (with its `+` as spaces).
    static func decode(_ text: Substring.UTF8View) -> String {
        guard text.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return String(Substring(text)) }
        let spaced = text.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(spaced.count)
        var index = 0
        while index < spaced.count {
            let byte = spaced[index]
            guard byte == UInt8(ascii: "%") else {
                decoded.append(byte)
                index += 1
                continue
            }
            guard index + 2 < spaced.count, let high = hexValue(spaced[index + 1]), let low = hexValue(spaced[index + 2]) else {
                return String(decoding: spaced, as: UTF8.self)
            }
            decoded.append(high << 4 | low)
            index += 3
        }
        return String(validating: decoded, as: UTF8.self) ?? String(decoding: spaced, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Request {
    /// The query string, form-decoded (see `FormQuery`).
    var formQuery: FormQuery { FormQuery(uri.query) }
}
