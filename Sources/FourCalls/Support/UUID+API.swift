import Foundation

extension UUID {
    /// A random (version 4) UUID from the system's generator (`getrandom`): every new id
    /// (rows, events, request ids). Foundation's `UUID()` opens, reads and closes
    /// /dev/urandom for each one, three system calls.
    static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var value = (generator.next() as UInt64, generator.next() as UInt64)
        withUnsafeMutableBytes(of: &value) { bytes in
            bytes[6] = bytes[6] & 0x0F | 0x40
            bytes[8] = bytes[8] & 0x3F | 0x80
        }
        return withUnsafeBytes(of: value) { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }

    /// The id as the API writes it: lowercase (Foundation writes uppercase). Formatted from
    /// the bytes: `uuidString.lowercased()` costs a Unicode case mapping, and every id of
    /// every response goes through here.
    var api: String { text(digit: Hex.digit) }

    /// Foundation's uppercase `uuidString`, the form ids are stored in on SQLite; Foundation
    /// prints it with `sprintf`.
    var storedText: String { text(digit: Hex.uppercaseDigit) }

    private func text(digit: (UInt8) -> UInt8) -> String {
        withUnsafeBytes(of: uuid) { bytes in
            var text = [UInt8]()
            text.reserveCapacity(36)
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
                text.append(digit(byte >> 4))
                text.append(digit(byte & 0x0F))
            }
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// Reads `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in either case. `UUID(uuidString:)`
    /// reads it with `sscanf`, a few microseconds each, several times a request; it also
    /// takes signs and blanks inside the groups, which this refuses.
    init?(text: some StringProtocol) {
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let valid = withUnsafeMutableBytes(of: &uuid) { bytes -> Bool in
            var position = 0
            var byteIndex = 0
            var high: UInt8?
            for character in text.utf8 {
                guard position < 36 else { return false }
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard character == UInt8(ascii: "-") else { return false }
                } else {
                    guard let nibble = Hex.value(character) else { return false }
                    // The groups have even lengths: digits pair up across the whole text.
                    if let first = high {
                        bytes[byteIndex] = first << 4 | nibble
                        byteIndex += 1
                        high = nil
                    } else {
                        high = nibble
                    }
                }
                position += 1
            }
            return position == 36
        }
        guard valid else { return nil }
        self.init(uuid: uuid)
    }
}
