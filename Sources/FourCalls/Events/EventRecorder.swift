import Foundation
import SQLKit

/// One event to record: its name, its organization and its data.
struct PendingEvent: Sendable {
    let name: String
    let organizationID: UUID
    let data: EventData
    /// Only this endpoint receives it (a `webhook.test`), instead of every subscriber.
    var onlyWebhook: UUID?

    init(name: EventName, organizationID: UUID, data: EventData) {
        self.name = name.rawValue
        self.organizationID = organizationID
        self.data = data
    }

    /// A `webhook.test` event for one endpoint.
    init(test webhookID: UUID, organizationID: UUID, message: String) {
        name = "webhook.test"
        self.organizationID = organizationID
        data = .test(webhookID: webhookID, message: message)
        onlyWebhook = webhookID
    }
}

/// The one way features record events: in the caller's transaction, next to the change that
/// caused them, with one delivery row per subscribed active endpoint (transactional outbox).
/// An event and its deliveries exist exactly when the change was committed; the webhook
/// dispatcher only reads the outbox.
enum EventRecorder {
    static func record(
        _ event: EventName, organizationID: UUID, data: EventData, at now: Date, on db: any SQLDatabase
    ) async throws {
        try await record([PendingEvent(name: event, organizationID: organizationID, data: data)], at: now, on: db)
    }

    /// Records many events with few statements (imports); returns their ids in order.
    @discardableResult
    static func record(_ events: [PendingEvent], at now: Date, on db: any SQLDatabase) async throws -> [UUID] {
        guard !events.isEmpty else { return [] }
        let outbox = OutboxRepository(db: db)
        let webhooks = try await outbox.activeWebhooks(of: Array(Set(events.map(\.organizationID))))
        var stored: [OutboxRepository.NewEvent] = []
        var deliveries: [WebhookDelivery] = []
        for event in events {
            let id = UUID.random()
            let payload = String(decoding: try JSONCoding.encoder.encode(event.data.payload), as: UTF8.self)
            stored.append(.init(id: id, organizationID: event.organizationID, name: event.name, payload: payload))
            for webhook in webhooks where webhook.organizationId == event.organizationID {
                let wanted = event.onlyWebhook.map { $0 == webhook.id } ?? webhook.subscribes(to: event.name)
                guard wanted else { continue }
                deliveries.append(
                    WebhookDelivery(
                        id: UUID.random(), webhookId: webhook.id, organizationId: event.organizationID, eventId: id, event: event.name,
                        status: .pending, attempts: 0, nextAttemptAt: now, leasedUntil: nil, lastStatusCode: nil, lastError: nil,
                        deliveredAt: nil, createdAt: now, updatedAt: now))
            }
        }
        try await outbox.insert(stored, at: now)
        try await outbox.insert(deliveries)
        if !deliveries.isEmpty { ChangeNotices.post(.outbox) }
        if !stored.isEmpty { ChangeNotices.post(.events) }
        return stored.map(\.id)
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
