import Crypto
import Foundation

/// What a token may do. `*` and `write` allow everything; `read` only safe methods.
public enum TokenAbility: String, CaseIterable, Sendable {
    case all = "*"
    case read
    case write
}

/// A personal access token, Sanctum style: the client holds `{id}|{secret}`; only the
/// SHA-256 of the secret is stored. Rows of `api_tokens`.
struct APIToken: Codable, Sendable {
    let id: UUID
    let userId: UUID
    var name: String
    var tokenHash: String
    /// JSON array text, e.g. `["*"]`.
    var abilities: String
    var expiresAt: Date?
    let createdAt: Date

    var abilityList: [String] {
        (try? JSONCoding.decoder.decode([String].self, from: Data(abilities.utf8))) ?? []
    }

    static func encodeAbilities(_ abilities: [String]) -> String {
        (try? String(decoding: JSONCoding.storageEncoder.encode(abilities), as: UTF8.self)) ?? "[]"
    }
}

/// Generation, parsing and checking of plain-text tokens.
enum TokenSecret {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// 48 random characters from a cryptographic generator.
    static func generate(length: Int = 48) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    static func hash(_ secret: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(secret.utf8)))
    }

    static func plainText(id: UUID, secret: String) -> String { "\(id.api)|\(secret)" }

    /// Splits `{id}|{secret}`; nil when the shape is wrong.
    static func parse(_ token: String) -> (id: UUID, secret: String)? {
        guard let bar = token.firstIndex(of: "|"),
            let id = UUID(text: token[..<bar])
        else { return nil }
        let secret = String(token[token.index(after: bar)...])
        return secret.isEmpty ? nil : (id, secret)
    }

    /// Compares two hex digests without an early exit.
    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
