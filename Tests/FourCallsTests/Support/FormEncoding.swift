import Foundation

/// Query strings written the way browsers and HTTP clients write them: the WHATWG
/// `application/x-www-form-urlencoded` serializer, which Python's `urlencode` (and so
/// `requests`' `params=`) and JavaScript's `URLSearchParams` follow. A space becomes `+`;
/// every byte but ASCII letters, digits and `*-._` is percent-encoded, `+` as `%2B`.
func formEncoded(_ pairs: KeyValuePairs<String, String>) -> String {
    func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "): out += "+"
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out += String(UnicodeScalar(byte))
            default: out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
    return pairs.map { "\(encode($0.key))=\(encode($0.value))" }.joined(separator: "&")
}
