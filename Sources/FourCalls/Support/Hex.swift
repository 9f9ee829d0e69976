/// Lowercase hexadecimal text of bytes (digests, signatures). `String(format:)` per byte
/// costs more than the SHA-256 it prints, on every authenticated request.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)
    private static let uppercaseDigits = Array("0123456789ABCDEF".utf8)

    /// The digit of a value 0...15.
    static func digit(_ value: UInt8) -> UInt8 { digits[Int(value)] }

    static func uppercaseDigit(_ value: UInt8) -> UInt8 { uppercaseDigits[Int(value)] }

    /// The value of a hexadecimal digit of either case; nil for any other character.
    static func value(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var characters: [UInt8] = []
        characters.reserveCapacity(64)
        for byte in bytes {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
