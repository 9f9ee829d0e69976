/// Lowercase hexadecimal text of bytes (digests, signatures). `String(format:)` per byte
/// costs more than the SHA-256 it prints, on every authenticated request.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// The digit of a value 0...15.
    static func digit(_ value: UInt8) -> UInt8 { digits[Int(value)] }

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
