import Crypto
import Foundation

/// Encrypts secrets at rest with AES-GCM under the app key (`APP_KEY`). It describes itself
/// redacted, so that a service printed in a log line (ServiceLifecycle does so at debug
/// level) never shows the key.
struct SecretBox: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    init(key: [UInt8]) {
        keyBytes = key
    }

    var description: String { "SecretBox(<redacted>)" }
    var debugDescription: String { description }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Base64 of nonce, ciphertext and tag.
    func seal(_ secret: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key).combined else {
            throw APIError.internalError
        }
        return combined.base64EncodedString()
    }

    func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw APIError.internalError }
        let box = try AES.GCM.SealedBox(combined: data)
        return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
    }
}
