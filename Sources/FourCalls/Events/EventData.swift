import Foundation

/// What an event says, as domain values. A webhook's payload is the resource as the API
/// shows it, so the events layer, not the domain, writes each one in its API shape.
enum EventData: Sendable {
    case contact(TaggedContact)
    case appointment(AppointmentWithContact)
    case campaign(CampaignWithStats)
    case call(Call)
    case coordinator(CoordinatorWithTemplates)
    case organization(Organization, role: Role)
    case interaction(Interaction)
    /// A `webhook.test` event's message.
    case test(webhookID: UUID, message: String)

    /// The JSON the event carries.
    var payload: any Encodable & Sendable {
        switch self {
        case .contact(let contact): ContactResponse(contact)
        case .appointment(let appointment): AppointmentResponse(appointment)
        case .campaign(let campaign): CampaignResponse(campaign)
        case .call(let call): CallResponse(call)
        case .coordinator(let coordinator): CoordinatorResponse(coordinator)
        case .organization(let organization, let role): OrganizationResponse(organization, role: role)
        case .interaction(let interaction): InteractionResponse(interaction)
        case .test(let webhookID, let message): TestPayload(webhook_id: webhookID.api, message: message)
        }
    }

    private struct TestPayload: Encodable, Sendable {
        let webhook_id: String
        let message: String
    }
}
