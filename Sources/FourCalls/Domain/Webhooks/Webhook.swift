import Foundation

/// An endpoint of an organization that receives events. Rows of `webhooks`.
struct Webhook: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    var name: String
    var url: String
    /// The signing secret, sealed by `SecretBox`.
    var secretCiphertext: String
    /// JSON array text of event names, or `["*"]`.
    var events: String
    var active: Bool
    var disabledReason: String?
    /// When the endpoint started failing every attempt (nil while it succeeds).
    var failingSince: Date?
    let createdAt: Date
    var updatedAt: Date

    var eventList: [String] {
        (try? JSONCoding.decoder.decode([String].self, from: Data(events.utf8))) ?? []
    }

    func subscribes(to event: String) -> Bool {
        let list = eventList
        return list.contains("*") || list.contains(event)
    }

    static func encodeEvents(_ events: [String]) -> String {
        JSONValue.array(events.map(JSONValue.string)).jsonText()
    }
}

public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    case pending, delivered, failed
}

/// One event on its way to one endpoint. Rows of `webhook_deliveries`; the delivery id is
/// the Standard Webhooks `webhook-id`, the same on every attempt.
struct WebhookDelivery: Codable, Sendable {
    let id: UUID
    let webhookId: UUID
    let organizationId: UUID
    let eventId: UUID
    let event: String
    var status: DeliveryStatus
    var attempts: Int
    var nextAttemptAt: Date
    var leasedUntil: Date?
    var lastStatusCode: Int?
    var lastError: String?
    var deliveredAt: Date?
    let createdAt: Date
    var updatedAt: Date
}

/// One HTTP attempt of a delivery. Rows of `webhook_attempts`.
struct WebhookAttempt: Codable, Sendable {
    let id: UUID
    let deliveryId: UUID
    let attemptedAt: Date
    let statusCode: Int?
    let durationMs: Int
    let responseBody: String?
    let error: String?
}

/// A recorded event. Rows of `events`.
struct StoredEvent: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    let event: String
    /// The event's data as compact JSON.
    let payload: String
    let createdAt: Date

    /// The webhook body: `{"event", "timestamp", "organization_id", "data"}`, compact, so
    /// that `JSON.stringify(JSON.parse(body)) === body`.
    var body: String {
        let timestamp = createdAt.formatted(Date.ISO8601FormatStyle())
        return #"{"event":"\#(event)","timestamp":"\#(timestamp)","organization_id":"\#(organizationId.api)","data":\#(payload)}"#
    }
}
