import Foundation
import SQLKit

/// One event to record: its name, its organization and its data (the resource as the API
/// shows it).
struct PendingEvent: Sendable {
    let name: String
    let organizationID: UUID
    let data: any Encodable & Sendable
    /// Only this endpoint receives it (a `webhook.test`), instead of every subscriber.
    var onlyWebhook: UUID?

    init(name: EventName, organizationID: UUID, data: any Encodable & Sendable) {
        self.name = name.rawValue
        self.organizationID = organizationID
        self.data = data
    }

    init(test webhookID: UUID, organizationID: UUID, data: any Encodable & Sendable) {
        name = "webhook.test"
        self.organizationID = organizationID
        self.data = data
        onlyWebhook = webhookID
    }
}

/// The one way features record events: in the caller's transaction, next to the change that
/// caused them, with one delivery row per subscribed active endpoint (transactional outbox).
/// An event and its deliveries exist exactly when the change was committed; the webhook
/// dispatcher only reads the outbox.
enum EventRecorder {
    static func record(
        _ event: EventName, organizationID: UUID, data: some Encodable & Sendable, at now: Date, on db: any SQLDatabase
    ) async throws {
        try await record([PendingEvent(name: event, organizationID: organizationID, data: data)], at: now, on: db)
    }

    /// Records many events with few statements (imports); returns their ids in order.
    @discardableResult
    static func record(_ events: [PendingEvent], at now: Date, on db: any SQLDatabase) async throws -> [UUID] {
        guard !events.isEmpty else { return [] }
        var ids: [UUID] = []
        let organizations = Array(Set(events.map(\.organizationID)))
        let webhooks = try await db.select().column("*").from("webhooks")
            .where("organization_id", .in, organizations).where("active", .equal, true)
            .all(decoding: Webhook.self, keyDecodingStrategy: .snakeCaseColumns)
        var deliveries: [WebhookDelivery] = []
        for chunk in events.chunks(of: 500) {
            var insert = db.insert(into: "events").columns("id", "organization_id", "event", "payload", "created_at")
            for event in chunk {
                let id = UUID()
                ids.append(id)
                let payload = String(decoding: try JSONCoding.encoder.encode(event.data), as: UTF8.self)
                insert = insert.values(SQLBind(id), SQLBind(event.organizationID), SQLBind(event.name), SQLBind(payload), SQLBind(now))
                for webhook in webhooks where webhook.organizationId == event.organizationID {
                    let wanted = event.onlyWebhook.map { $0 == webhook.id } ?? webhook.subscribes(to: event.name)
                    guard wanted else { continue }
                    deliveries.append(
                        WebhookDelivery(
                            id: UUID(), webhookId: webhook.id, organizationId: event.organizationID, eventId: id, event: event.name,
                            status: .pending, attempts: 0, nextAttemptAt: now, leasedUntil: nil, lastStatusCode: nil, lastError: nil,
                            deliveredAt: nil, createdAt: now, updatedAt: now))
                }
            }
            try await insert.run()
        }
        for chunk in deliveries.chunks(of: 500) {
            try await TenantRows<WebhookDelivery>(db: db, table: "webhook_deliveries").insert(Array(chunk))
        }
        if !deliveries.isEmpty { ChangeNotices.post(.outbox) }
        return ids
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
