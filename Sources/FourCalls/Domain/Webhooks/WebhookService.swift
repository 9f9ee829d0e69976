import Foundation
import SQLKit

/// Webhook endpoints, their deliveries and the event log (CONTRACT section 6).
struct WebhookService: Sendable {
    let storage: any Storage
    let clock: any AppClock
    let box: SecretBox
    let urlGuard: WebhookURLGuard

    static let notFound = APIError.notFound("Webhook not found.")
    static let deliveryNotFound = APIError.notFound("Delivery not found.")

    /// Event names an endpoint may subscribe to: the guide's list, or `*` for all.
    static let subscribableEvents = Set(EventName.allCases.map(\.rawValue)).union(["*"])

    struct Input: Sendable {
        var name: String?
        var url: String?
        var secret: String?
        var events: [String]?
        var active: Bool?
    }

    private func rows(_ db: any SQLDatabase) -> TenantRows<Webhook> { TenantRows(db: db) }

    /// 422 on `url` when the guard refuses it.
    private func checkURL(_ url: String?) async throws {
        guard let url else { return }
        do {
            try await urlGuard.check(url)
        } catch let refusal as WebhookURLGuard.Refusal {
            throw APIError.validation(field: "url", refusal.description)
        }
    }

    /// Creates an endpoint; returns it with its secret in clear, shown this once.
    func create(in organizationID: UUID, _ input: Input) async throws -> (Webhook, secret: String) {
        try await checkURL(input.url)
        let secret = input.secret ?? WebhookSignature.generateSecret()
        let now = clock.now()
        let webhook = Webhook(
            id: UUID.random(), organizationId: organizationID, name: input.name ?? "", url: input.url ?? "",
            secretCiphertext: try box.seal(secret), events: Webhook.encodeEvents(input.events ?? []), active: input.active ?? true,
            disabledReason: nil, failingSince: nil, createdAt: now, updatedAt: now)
        try await storage.transaction { db in try await rows(db).insert(webhook) }
        return (webhook, secret)
    }

    func list(_ organizationID: UUID, page: PageRequest) async throws -> Paged<Webhook> {
        try await storage.read { db in try await rows(db).page(organizationID: organizationID, page) }
    }

    func find(_ id: UUID, in organizationID: UUID) async throws -> Webhook {
        let webhook = try await storage.read { db in try await rows(db).find(id: id, organizationID: organizationID) }
        guard let webhook else { throw Self.notFound }
        return webhook
    }

    /// Partial update. Turning an endpoint back on clears why it was disabled.
    func update(_ id: UUID, in organizationID: UUID, with input: Input) async throws -> Webhook {
        try await checkURL(input.url)
        let sealed = try input.secret.map { try box.seal($0) }
        let now = clock.now()
        return try await storage.transaction { db in
            guard var webhook = try await rows(db).find(id: id, organizationID: organizationID) else { throw Self.notFound }
            if let name = input.name { webhook.name = name }
            if let url = input.url { webhook.url = url }
            if let sealed { webhook.secretCiphertext = sealed }
            if let events = input.events { webhook.events = Webhook.encodeEvents(events) }
            if let active = input.active {
                if active && !webhook.active {
                    webhook.disabledReason = nil
                    webhook.failingSince = nil
                }
                webhook.active = active
            }
            webhook.updatedAt = now
            try await rows(db).update(webhook, id: id, organizationID: organizationID)
            // An endpoint turned back on may have deliveries waiting.
            if input.active == true { ChangeNotices.post(.outbox) }
            return webhook
        }
    }

    func delete(_ id: UUID, in organizationID: UUID) async throws {
        let deleted = try await storage.transaction { db in try await rows(db).delete(id: id, organizationID: organizationID) }
        if !deleted { throw Self.notFound }
    }

    /// Queues a `webhook.test` event for this endpoint alone; returns its delivery.
    func sendTest(_ id: UUID, in organizationID: UUID) async throws -> WebhookDelivery {
        let now = clock.now()
        return try await storage.transaction { db in
            guard let webhook = try await rows(db).find(id: id, organizationID: organizationID) else { throw Self.notFound }
            guard webhook.active else { throw APIError.conflict("The endpoint is disabled: turn it on (active: true) before testing it.") }
            let test = PendingEvent(test: id, organizationID: organizationID, message: "This is a test event from 4Calls.")
            let eventIDs = try await EventRecorder.record([test], at: now, on: db)
            guard
                let delivery = try await WebhookDeliveryRepository(db: db).find(webhookID: id, eventIDs: eventIDs)
            else { throw APIError.internalError }
            return delivery
        }
    }

    /// An endpoint's deliveries, newest first, optionally of one status.
    func deliveries(of id: UUID, in organizationID: UUID, status: DeliveryStatus?, page: PageRequest) async throws -> Paged<WebhookDelivery> {
        try await storage.read { db in
            guard try await rows(db).find(id: id, organizationID: organizationID) != nil else { throw Self.notFound }
            return try await WebhookDeliveryRepository(db: db).page(webhookID: id, organizationID: organizationID, status: status, page)
        }
    }

    /// A delivery with its attempts, oldest first.
    func delivery(_ deliveryID: UUID, of id: UUID, in organizationID: UUID) async throws -> (WebhookDelivery, [WebhookAttempt]) {
        try await storage.read { db in
            guard
                let delivery = try await TenantRows<WebhookDelivery>(db: db)
                    .find(id: deliveryID, organizationID: organizationID), delivery.webhookId == id
            else { throw Self.deliveryNotFound }
            let attempts = try await WebhookDeliveryRepository(db: db).attempts(of: deliveryID)
            return (delivery, attempts)
        }
    }

    /// Sends a delivery again from a fresh retry schedule (same `webhook-id`).
    func redeliver(_ deliveryID: UUID, of id: UUID, in organizationID: UUID) async throws -> WebhookDelivery {
        let now = clock.now()
        return try await storage.transaction { db in
            let deliveries = TenantRows<WebhookDelivery>(db: db)
            guard var delivery = try await deliveries.find(id: deliveryID, organizationID: organizationID), delivery.webhookId == id else {
                throw Self.deliveryNotFound
            }
            delivery.status = .pending
            delivery.attempts = 0
            delivery.nextAttemptAt = now
            delivery.leasedUntil = nil
            delivery.updatedAt = now
            try await deliveries.update(delivery, id: deliveryID, organizationID: organizationID)
            ChangeNotices.post(.outbox)
            return delivery
        }
    }

    /// The event log, newest first; `webhook.test` events are not part of it.
    func events(_ organizationID: UUID, named: String?, page: PageRequest) async throws -> Paged<StoredEvent> {
        try await storage.read { db in
            try await OutboxRepository(db: db).events(organizationID: organizationID, named: named, page)
        }
    }
}
