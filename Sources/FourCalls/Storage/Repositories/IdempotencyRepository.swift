import Foundation
import SQLKit

/// SQL for `idempotency_keys`.
struct IdempotencyRepository {
    let db: any SQLDatabase

    /// A key's row: what the request that holds it left.
    struct Row: Sendable {
        let requestHash: String
        let done: Bool
        let responseStatus: Int?
        let responseBody: String?
        let responseContentType: String?
    }

    /// Takes the key for a request (an expired holder gives it up first); false when another
    /// request holds it.
    func claim(id: String, requestHash: String, now: Date, expiresAt: Date) async throws -> Bool {
        try await db.delete(from: Table.idempotencyKeys).where("id", .equal, id).where("expires_at", .lessThanOrEqual, now).run()
        let inserted = try await db.insert(into: Table.idempotencyKeys)
            .columns("id", "request_hash", "status", "created_at", "expires_at")
            .values(SQLBind(id), SQLBind(requestHash), SQLBind("in_progress"), SQLBind(now), SQLBind(expiresAt))
            .ignoringConflicts(with: ["id"]).returning("id").all()
        return !inserted.isEmpty
    }

    func find(id: String) async throws -> Row? {
        guard let row = try await db.select().column("*").from(Table.idempotencyKeys).where("id", .equal, id).first() else { return nil }
        return Row(
            requestHash: try row.decode(column: "request_hash", as: String.self),
            done: try row.decode(column: "status", as: String.self) == "done",
            responseStatus: try row.decode(column: "response_status", as: Int?.self),
            responseBody: try row.decode(column: "response_body", as: String?.self),
            responseContentType: try row.decode(column: "response_content_type", as: String?.self))
    }

    /// Keeps the response of the request that held the key.
    func finish(id: String, status: Int, body: String, contentType: String?) async throws {
        try await db.update(Table.idempotencyKeys)
            .set("status", to: "done").set("response_status", to: status).set("response_body", to: body)
            .set("response_content_type", to: contentType)
            .where("id", .equal, id).run()
    }

    func delete(id: String) async throws {
        try await db.delete(from: Table.idempotencyKeys).where("id", .equal, id).run()
    }
}
