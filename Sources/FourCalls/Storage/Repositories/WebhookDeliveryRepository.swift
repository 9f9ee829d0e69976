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

    func insert(_ attempt: WebhookAttempt) async throws {
        try await db.insert(into: Table.webhookAttempts)
            .model(attempt, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
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
