import Foundation
import Hummingbird

struct WebhookResponse: ResponseEncodable, Sendable {
    let id: String
    let organization_id: String
    let name: String
    let url: String
    let events: [String]
    let active: Bool
    @Nullable var disabled_reason: String?
    let created_at: Date
    let updated_at: Date
    /// The signing secret, present only in the response that creates the endpoint.
    let secret: String?

    init(_ webhook: Webhook, secret: String? = nil) {
        id = webhook.id.api
        organization_id = webhook.organizationId.api
        name = webhook.name
        url = webhook.url
        events = webhook.eventList
        active = webhook.active
        disabled_reason = webhook.disabledReason
        created_at = webhook.createdAt
        updated_at = webhook.updatedAt
        self.secret = secret
    }
}

struct DeliveryResponse: ResponseEncodable, Sendable {
    let id: String
    let webhook_id: String
    let event_id: String
    let event: String
    let status: DeliveryStatus
    let attempts: Int
    @Nullable var next_attempt_at: Date?
    @Nullable var last_status_code: Int?
    @Nullable var last_error: String?
    @Nullable var delivered_at: Date?
    let created_at: Date
    let updated_at: Date
    /// Every attempt, in the single-delivery view only.
    let attempt_log: [AttemptResponse]?

    init(_ delivery: WebhookDelivery, attempts: [WebhookAttempt]? = nil) {
        id = delivery.id.api
        webhook_id = delivery.webhookId.api
        event_id = delivery.eventId.api
        event = delivery.event
        status = delivery.status
        self.attempts = delivery.attempts
        next_attempt_at = delivery.status == .pending ? delivery.nextAttemptAt : nil
        last_status_code = delivery.lastStatusCode
        last_error = delivery.lastError
        delivered_at = delivery.deliveredAt
        created_at = delivery.createdAt
        updated_at = delivery.updatedAt
        attempt_log = attempts.map { $0.map(AttemptResponse.init) }
    }
}

struct AttemptResponse: Encodable, Sendable {
    let attempted_at: Date
    @Nullable var status_code: Int?
    let duration_ms: Int
    @Nullable var response_body: String?
    @Nullable var error: String?

    init(_ attempt: WebhookAttempt) {
        attempted_at = attempt.attemptedAt
        status_code = attempt.statusCode
        duration_ms = attempt.durationMs
        response_body = attempt.responseBody
        error = attempt.error
    }
}

struct EventResponse: ResponseEncodable, Sendable {
    let id: String
    let event: String
    let organization_id: String
    let data: JSONValue
    let created_at: Date

    init(_ event: StoredEvent) {
        id = event.id.api
        self.event = event.event
        organization_id = event.organizationId.api
        data = JSONValue.parse(event.payload)
        created_at = event.createdAt
    }
}
