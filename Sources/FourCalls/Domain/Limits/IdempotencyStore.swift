import Crypto
import Foundation
import SQLKit

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
            try await db.delete(from: "idempotency_keys").where("id", .equal, id).where("expires_at", .lessThanOrEqual, now).run()
            let inserted = try await db.insert(into: "idempotency_keys")
                .columns("id", "request_hash", "status", "created_at", "expires_at")
                .values(SQLBind(id), SQLBind(requestHash), SQLBind("in_progress"), SQLBind(now), SQLBind(now.addingTimeInterval(Self.lifetime)))
                .ignoringConflicts(with: ["id"]).returning("id").all()
            if !inserted.isEmpty { return .started }
            guard let row = try await db.select().column("*").from("idempotency_keys").where("id", .equal, id).first() else {
                return .inProgress
            }
            guard try row.decode(column: "request_hash", as: String.self) == requestHash else { return .reused }
            guard try row.decode(column: "status", as: String.self) == "done",
                let status = try row.decode(column: "response_status", as: Int?.self)
            else { return .inProgress }
            let stored = try row.decode(column: "response_body", as: String?.self) ?? ""
            let body = stored.hasPrefix(Self.sealedPrefix) ? try box.open(String(stored.dropFirst(Self.sealedPrefix.count))) : stored
            return .replay(
                status: status, body: body,
                contentType: try row.decode(column: "response_content_type", as: String?.self))
        }
    }

    func finish(id: String, status: Int, body: String, contentType: String?) async throws {
        let body = Self.sealedPrefix + (try box.seal(body))
        try await storage.transaction { db in
            try await db.update("idempotency_keys")
                .set("status", to: "done").set("response_status", to: status).set("response_body", to: body)
                .set("response_content_type", to: contentType)
                .where("id", .equal, id).run()
        }
    }

    /// Forgets the key, so that the request can be retried (after a server error).
    func abandon(id: String) async throws {
        try await storage.transaction { db in try await db.delete(from: "idempotency_keys").where("id", .equal, id).run() }
    }

    static func hash(_ parts: [String], body: [UInt8]) -> String {
        var hasher = SHA256()
        for part in parts { hasher.update(data: Data((part + "\n").utf8)) }
        hasher.update(data: body)
        return Hex.lowercase(hasher.finalize())
    }
}
