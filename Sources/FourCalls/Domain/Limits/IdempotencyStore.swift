import Crypto
import Foundation

/// The first response to a POST with an `Idempotency-Key`, kept 24 hours per token
/// (CONTRACT section 8).
///
/// Stored bodies are encrypted with the app key: a create's response may hold a secret shown
/// once (a token, an agent's key, a webhook secret), and it must not sit in the database in
/// plain text for a day.
struct IdempotencyStore: Sendable {
    let storage: any Storage
    let clock: any AppClock
    let box: SecretBox
    /// Marks an encrypted body (rows stored before encryption have none).
    static let sealedPrefix = "sealed:v1:"
    static let lifetime: TimeInterval = 24 * 3600

    enum Start: Sendable {
        /// This request owns the key: run it, then `finish` or `abandon`.
        case started
        case replay(status: Int, body: String, contentType: String?)
        case inProgress
        case reused
    }

    /// Claims the key for this request, or says what an earlier request with it left.
    func begin(id: String, requestHash: String) async throws -> Start {
        let now = clock.now()
        return try await storage.transaction { db in
            let keys = IdempotencyRepository(db: db)
            if try await keys.claim(id: id, requestHash: requestHash, now: now, expiresAt: now.addingTimeInterval(Self.lifetime)) {
                return .started
            }
            guard let row = try await keys.find(id: id) else { return .inProgress }
            guard row.requestHash == requestHash else { return .reused }
            guard row.done, let status = row.responseStatus else { return .inProgress }
            let stored = row.responseBody ?? ""
            let body = stored.hasPrefix(Self.sealedPrefix) ? try box.open(String(stored.dropFirst(Self.sealedPrefix.count))) : stored
            return .replay(status: status, body: body, contentType: row.responseContentType)
        }
    }

    func finish(id: String, status: Int, body: String, contentType: String?) async throws {
        let body = Self.sealedPrefix + (try box.seal(body))
        try await storage.transaction { db in
            try await IdempotencyRepository(db: db).finish(id: id, status: status, body: body, contentType: contentType)
        }
    }

    /// Forgets the key, so that the request can be retried (after a server error).
    func abandon(id: String) async throws {
        try await storage.transaction { db in try await IdempotencyRepository(db: db).delete(id: id) }
    }

    static func hash(_ parts: [String], body: [UInt8]) -> String {
        var hasher = SHA256()
        for part in parts { hasher.update(data: Data((part + "\n").utf8)) }
        hasher.update(data: body)
        return Hex.lowercase(hasher.finalize())
    }
}
