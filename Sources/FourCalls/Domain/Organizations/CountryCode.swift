/// A telephone country calling code (`1`, `44`, `353`): numbers written without `+` take
/// their organization's code.
enum CountryCode {
    /// Accepts `"1"`, `"+44"` or `44`; returns the digits, or nil when it is not a code.
    static func parse(_ value: JSONValue) -> String? {
        let text: String
        switch value {
        case .string(let string): text = string.hasPrefix("+") ? String(string.dropFirst()) : string
        case .int(let int): text = String(int)
        default: return nil
        }
        guard (1...3).contains(text.count), text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), !text.hasPrefix("0")
        else { return nil }
        return text
    }
}
