import Foundation
import Hummingbird

struct AgentResponse: ResponseEncodable, Sendable {
    let id: String
    /// The same as `id`, under the name `POST /api/internal/ai/auth` takes.
    let agent_id: String
    let organization_id: String
    let name: String
    @Nullable var vapi_assistant_id: String?
    /// Whether the secrets are set: they are never returned.
    let has_retell_api_key: Bool
    let has_elevenlabs_webhook_secret: Bool
    let created_at: Date
    let updated_at: Date
    /// Present only in the response that creates the agent.
    let api_key: String?

    init(_ agent: Agent, apiKey: String? = nil) {
        id = agent.id.api
        agent_id = agent.id.api
        organization_id = agent.organizationId.api
        name = agent.name
        vapi_assistant_id = agent.vapiAssistantId
        has_retell_api_key = agent.retellApiKey != nil
        has_elevenlabs_webhook_secret = agent.elevenlabsWebhookSecret != nil
        created_at = agent.createdAt
        updated_at = agent.updatedAt
        api_key = apiKey
    }
}

struct AgentTokenResponse: ResponseEncodable, Sendable {
    let access_token: String
    let expires_in: Int
    let token_type: String
}

struct InteractionResponse: ResponseEncodable, Sendable {
    let id: String
    let organization_id: String
    @Nullable var agent_id: String?
    let interaction_type: String
    @Nullable var contact_id: String?
    @Nullable var coordinator_id: String?
    @Nullable var campaign_call_id: String?
    @Nullable var call_id: String?
    @Nullable var status: String?
    let duration_seconds: Int
    @Nullable var transcript: String?
    @Nullable var outcome: String?
    let metadata: JSONValue
    let created_at: Date

    init(_ interaction: Interaction) {
        id = interaction.id.api
        organization_id = interaction.organizationId.api
        agent_id = interaction.agentId?.api
        interaction_type = interaction.interactionType
        contact_id = interaction.contactId?.api
        coordinator_id = interaction.coordinatorId?.api
        campaign_call_id = interaction.campaignCallId?.api
        call_id = interaction.callId?.api
        status = interaction.status
        duration_seconds = interaction.durationSeconds
        transcript = interaction.transcript
        outcome = interaction.outcome
        metadata = JSONValue.parse(interaction.metadata)
        created_at = interaction.createdAt
    }
}

struct SlotResponse: Encodable, Sendable {
    let start: Date
    let end: Date
}

struct AvailabilityResponse: ResponseEncodable, Sendable {
    let business_id: String
    let date: String
    let timezone: String
    let duration_minutes: Int
    let slots: [SlotResponse]
}

struct LookupResponse: ResponseEncodable, Sendable {
    let found: Bool
    @Nullable var customer: ContactResponse?
    let upcoming_appointments: [AppointmentResponse]
    let recent_calls: [CallResponse]
}

struct PollResultsResponse: ResponseEncodable, Sendable {
    struct Option: Encodable, Sendable {
        let option: String
        let count: Int
    }

    let poll_id: String
    let question: String
    let total_responses: Int
    let results: [Option]
}
