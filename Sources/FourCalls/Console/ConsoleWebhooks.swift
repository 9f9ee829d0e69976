import Foundation
import HTTPTypes
import Hummingbird

/// `/console/organizations/{orgId}/webhooks`: the organization's endpoints (admins add them,
/// the signing secret shown once), each endpoint's deliveries, and one delivery with its
/// attempt log and a replay button, as the API's webhook routes do.
extension ConsoleController {
    struct WebhooksView: TemplateView {
        let chrome: ConsoleChrome
        let rows: [Row]
        let empty: Bool
        let canManage: Bool
        let action: String
        let fields: [ConsoleFormField]
        let formError: [String]
        /// The new endpoint's signing secret, shown this once.
        let createdSecret: [String]

        struct Row: TemplateView {
            let href: String
            let name: String
            let url: String
            let events: String
            let state: String
        }
    }

    @Sendable func webhookList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        return try await webhooksPage(person, membership, form: .empty, createdSecret: nil)
    }

    @Sendable func createWebhook(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        try require(.manage, membership)
        var fields = ConsoleHTTP.fields(form, lists: ["events"])
        let input = WebhooksController.input(&fields, creating: true)
        do {
            try fields.validate()
            let (_, secret) = try await webhooks.create(in: membership.organization.id, input)
            return try await webhooksPage(person, membership, form: .empty, createdSecret: secret, status: .created)
        } catch let error as APIError where error.fieldErrors != nil || error.status == .conflict {
            return try await webhooksPage(person, membership, form: ConsoleSubmission(form, refusal: error), createdSecret: nil, status: .unprocessableContent)
        }
    }

    private func webhooksPage(
        _ person: SignedIn, _ membership: Membership, form: ConsoleSubmission, createdSecret: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let base = "/console/organizations/\(membership.organization.id.api)/webhooks"
        let endpoints = try await webhooks.list(membership.organization.id, page: PageRequest(page: 1, perPage: 100)).items
        let fields = [("name", "Name", "text", ""), ("url", "URL", "url", ""), ("events", "Events (comma-separated, * for all)", "text", "*"),
                      ("secret", "Secret (blank: one is made)", "text", "")]
            .map { name, label, type, value in
                ConsoleFormField(
                    name: name, label: label, type: type, value: name == "secret" ? "" : form.values[name] ?? value,
                    errors: form.errors.filter { $0.key == name || $0.key.hasPrefix(name + ".") }.flatMap(\.value))
            }
        let view = WebhooksView(
            chrome: ConsoleChrome(title: "Webhooks", person: person, membership: membership, current: "webhooks"),
            rows: endpoints.map { webhook in
                WebhooksView.Row(
                    href: "\(base)/\(webhook.id.api)", name: webhook.name, url: webhook.url, events: webhook.eventList.joined(separator: ", "),
                    state: webhook.active ? "active" : "off" + (webhook.disabledReason.map { ": \($0)" } ?? ""))
            },
            empty: endpoints.isEmpty, canManage: membership.role.allows(.manage), action: base, fields: fields,
            formError: form.message.map { [$0] } ?? [], createdSecret: createdSecret.map { [$0] } ?? [])
        return try page("console/webhooks", view, person, status: status)
    }

    struct WebhookView: TemplateView {
        let chrome: ConsoleChrome
        let back: String
        let name: String
        let url: String
        let events: String
        let state: String
        let filters: [ConsoleOption]
        let action: String
        let deliveries: [Delivery]
        let empty: Bool

        struct Delivery: TemplateView {
            let href: String
            let event: String
            let status: String
            let attempts: Int
            let created: String
            let last: String
        }
    }

    @Sendable func webhookDetail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let organization = membership.organization
        let id = try APIBody.id("webhookId", in: context, notFound: WebhookService.notFound.message)
        let webhook = try await webhooks.find(id, in: organization.id)
        let status = request.formQuery.text("status").flatMap(DeliveryStatus.init)
        let found = try await webhooks.deliveries(of: id, in: organization.id, status: status, page: PageRequest(page: 1, perPage: 50)).items
        let base = "/console/organizations/\(organization.id.api)/webhooks/\(id.api)"
        let view = WebhookView(
            chrome: ConsoleChrome(title: webhook.name, person: person, membership: membership, current: "webhooks"),
            back: "/console/organizations/\(organization.id.api)/webhooks", name: webhook.name, url: webhook.url,
            events: webhook.eventList.joined(separator: ", "), state: webhook.active ? "active" : "off",
            filters: Self.options(DeliveryStatus.allCases.map(\.rawValue), chosen: status?.rawValue), action: base,
            deliveries: found.map { delivery in
                WebhookView.Delivery(
                    href: "\(base)/deliveries/\(delivery.id.api)", event: delivery.event, status: delivery.status.rawValue,
                    attempts: delivery.attempts, created: SpeakableTime.spoken(delivery.createdAt, in: organization.timeZone),
                    last: delivery.lastStatusCode.map { "HTTP \($0)" } ?? delivery.lastError ?? "")
            },
            empty: found.isEmpty)
        return try page("console/webhook", view, person)
    }

    struct DeliveryView: TemplateView {
        let chrome: ConsoleChrome
        let back: String
        let event: String
        let facts: [ConsoleFact]
        let attempts: [Attempt]
        let noAttempts: Bool
        /// The replay form, for admins.
        let replay: [String]

        struct Attempt: TemplateView {
            let time: String
            let outcome: String
            let milliseconds: Int
            let response: [String]
        }
    }

    @Sendable func deliveryDetail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let organization = membership.organization
        let (webhookID, deliveryID) = try Self.deliveryIDs(context)
        let (delivery, attempts) = try await webhooks.delivery(deliveryID, of: webhookID, in: organization.id)
        let timeZone = organization.timeZone
        let base = "/console/organizations/\(organization.id.api)/webhooks/\(webhookID.api)"
        let facts: [(String, String?)] = [
            ("Status", delivery.status.rawValue), ("Attempts", String(delivery.attempts)),
            ("Queued", SpeakableTime.spoken(delivery.createdAt, in: timeZone)),
            ("Delivered", delivery.deliveredAt.map { SpeakableTime.spoken($0, in: timeZone) }),
            ("Next attempt", delivery.status == .pending ? SpeakableTime.spoken(delivery.nextAttemptAt, in: timeZone) : nil),
        ]
        let view = DeliveryView(
            chrome: ConsoleChrome(title: delivery.event, person: person, membership: membership, current: "webhooks"),
            back: base, event: delivery.event,
            facts: facts.compactMap { label, value in value.map { ConsoleFact(label: label, value: $0) } },
            attempts: attempts.map { attempt in
                DeliveryView.Attempt(
                    time: SpeakableTime.spoken(attempt.attemptedAt, in: timeZone),
                    outcome: attempt.statusCode.map { "HTTP \($0)" } ?? attempt.error ?? "no answer", milliseconds: attempt.durationMs,
                    response: attempt.responseBody.flatMap { $0.isEmpty ? nil : [String($0.prefix(500))] } ?? [])
            },
            noAttempts: attempts.isEmpty,
            replay: membership.role.allows(.manage) ? ["\(base)/deliveries/\(deliveryID.api)/redeliver"] : [])
        return try page("console/delivery", view, person)
    }

    @Sendable func replayDelivery(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        try require(.manage, membership)
        let (webhookID, deliveryID) = try Self.deliveryIDs(context)
        _ = try await webhooks.redeliver(deliveryID, of: webhookID, in: membership.organization.id)
        return ConsoleHTTP.redirect("/console/organizations/\(membership.organization.id.api)/webhooks/\(webhookID.api)/deliveries/\(deliveryID.api)")
    }

    private static func deliveryIDs(_ context: AppRequestContext) throws -> (webhook: UUID, delivery: UUID) {
        (
            try APIBody.id("webhookId", in: context, notFound: WebhookService.notFound.message),
            try APIBody.id("deliveryId", in: context, notFound: WebhookService.deliveryNotFound.message)
        )
    }
}
