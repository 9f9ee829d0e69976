import Foundation

extension UUID {
    /// The id as the API writes it: lowercase (Foundation writes uppercase). Formatted from
    /// the bytes: `uuidString.lowercased()` costs a Unicode case mapping, and every id of
    /// every response goes through here.
    var api: String {
        withUnsafeBytes(of: uuid) { bytes in
            var text = [UInt8]()
            text.reserveCapacity(36)
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
                text.append(Hex.digit(byte >> 4))
                text.append(Hex.digit(byte & 0x0F))
            }
            return String(decoding: text, as: UTF8.self)
        }
    }
}
