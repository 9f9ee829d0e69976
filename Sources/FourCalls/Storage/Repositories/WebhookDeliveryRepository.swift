import Foundation
import SQLKit

/// SQL for `webhook_deliveries` and `webhook_attempts` beyond the common rows.
struct WebhookDeliveryRepository {
    let db: any SQLDatabase

    /// The endpoint's delivery of one of these events.
    func find(webhookID: UUID, eventIDs: [UUID]) async throws -> WebhookDelivery? {
        try await db.select().column("*").from(Table.webhookDeliveries).where("webhook_id", .equal, webhookID)
            .where("event_id", .in, eventIDs)
            .first(decoding: WebhookDelivery.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// A delivery's attempts, oldest first.
    func attempts(of deliveryID: UUID) async throws -> [WebhookAttempt] {
        try await db.select().column("*").from(Table.webhookAttempts).where("delivery_id", .equal, deliveryID)
            .orderBy("attempted_at").all(decoding: WebhookAttempt.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// Logs an attempt and writes what it made of the delivery, ending its lease: one
    /// statement on PostgreSQL, so both or neither are written; on SQLite the attempt first
    /// (a crash in between leaves the attempt logged and the delivery leased, to be tried again
    /// when the lease ends: at least once, never lost).
    func record(_ attempt: WebhookAttempt, settling delivery: WebhookDelivery) async throws {
        let attemptBinds: [any Encodable & Sendable] = [
            attempt.id, attempt.deliveryId, attempt.attemptedAt, attempt.statusCode, attempt.durationMs, attempt.responseBody, attempt.error,
        ]
        guard db.dialect.name == "postgresql" else {
            try await Self.insertAttempt.query(on: db, binds: attemptBinds).run()
            try await settle(delivery)
            return
        }
        try await Self.recordAttempt.query(on: db, binds: attemptBinds + Self.settleBinds(delivery)).run()
    }

    private static let insertAttempt = SQLTemplate { db, binds in insertAttempt(db, binds) }

    private static func insertAttempt(_ db: any SQLDatabase, _ binds: [any Encodable & Sendable]) -> any SQLExpression {
        db.insert(into: Table.webhookAttempts)
            .columns("id", "delivery_id", "attempted_at", "status_code", "duration_ms", "response_body", "error")
            .values(binds.prefix(7).map { SQLBind($0) }).query
    }

    /// `WITH attempt AS (INSERT ...) UPDATE ...`: PostgreSQL runs both.
    private static let recordAttempt = SQLTemplate { db, binds in
        SQLList(
            [SQLRaw("WITH attempt AS ("), insertAttempt(db, binds), SQLRaw(")"), settle(db, Array(binds.dropFirst(7)))],
            separator: SQLRaw(" "))
    }

    /// Writes what a give-up made of the delivery and ends its lease.
    func settle(_ delivery: WebhookDelivery) async throws {
        try await Self.settle.query(on: db, binds: Self.settleBinds(delivery)).run()
    }

    private static func settleBinds(_ delivery: WebhookDelivery) -> [any Encodable & Sendable] {
        [
            delivery.status.rawValue, delivery.attempts, delivery.nextAttemptAt, delivery.lastStatusCode, delivery.lastError,
            delivery.deliveredAt, delivery.updatedAt, delivery.id,
        ]
    }

    private static let settle = SQLTemplate { db, binds in settle(db, binds) }

    private static func settle(_ db: any SQLDatabase, _ binds: [any Encodable & Sendable]) -> any SQLExpression {
        db.update(Table.webhookDeliveries)
            .set("status", to: SQLBind(binds[0])).set("attempts", to: SQLBind(binds[1]))
            .set("next_attempt_at", to: SQLBind(binds[2])).set("last_status_code", to: SQLBind(binds[3]))
            .set("last_error", to: SQLBind(binds[4])).set("delivered_at", to: SQLBind(binds[5]))
            .set("updated_at", to: SQLBind(binds[6])).set("leased_until", to: SQLLiteral.null)
            .where("id", .equal, SQLBind(binds[7])).query
    }

    /// A page of an endpoint's deliveries, newest first, optionally of one status.
    func page(webhookID: UUID, organizationID: UUID, status: DeliveryStatus?, _ page: PageRequest) async throws -> Paged<WebhookDelivery> {
        try await TenantRows<WebhookDelivery>(db: db).page(organizationID: organizationID, page) { select in
            let select = select.where("webhook_id", .equal, webhookID)
            return status.map { select.where("status", .equal, $0.rawValue) } ?? select
        } order: { select in
            select.orderBy("created_at", .descending).orderBy("id")
        }
    }
}
