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
        for pair in (query ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
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

    /// `+` to a space, then `%XX` escapes; a malformed escape leaves the text as sent.
    static func decode(_ text: Substring) -> String {
        guard text.contains(where: { $0 == "+" || $0 == "%" }) else { return String(text) }
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

extension Request {
    /// The query string, form-decoded (see `FormQuery`).
    var formQuery: FormQuery { FormQuery(uri.query) }
}
