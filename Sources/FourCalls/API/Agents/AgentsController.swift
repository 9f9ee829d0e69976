import Foundation
import Hummingbird

/// `/organizations/{orgId}/ai-agents` (admins manage, every member reads; keys are shown
/// once) and poll results.
struct AgentsController {
    let agents: AgentService
    let knowledge: KnowledgeService
    let storage: any Storage

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("ai-agents", use: list)
        organization.post("ai-agents", use: create)
        organization.get("ai-agents/{agentId}", use: show)
        organization.put("ai-agents/{agentId}", use: update)
        organization.delete("ai-agents/{agentId}", use: delete)
        organization.get("polls/{pollId}/results", use: pollResults)
    }

    private func id(_ context: OrganizationContext) throws -> UUID {
        try APIBody.id("agentId", in: context, notFound: "AI agent not found.")
    }

    @Sendable func list(_ request: Request, context: OrganizationContext) async throws -> PageResponse<AgentResponse> {
        return PageResponse(try await agents.list(context.organization.id, page: try APIBody.page(of: request))) { AgentResponse($0) }
    }

    /// 201 with `agent_id` and `api_key`; the key is shown this once.
    @Sendable func create(_ request: Request, context: OrganizationContext) async throws -> some ResponseGenerator {
        try context.require(.manage)
        var fields = try await APIBody.fields(of: request, context: context)
        let input = AgentChanges.read(&fields, creating: true)
        try fields.validate()
        let (agent, apiKey) = try await agents.create(in: context.organization.id, input)
        return created(AgentResponse(agent, apiKey: apiKey))
    }

    /// The agent's name and platform settings (`vapi_assistant_id`, `retell_api_key`,
    /// `elevenlabs_webhook_secret`; `null` clears one). Admins and the owner.
    @Sendable func update(_ request: Request, context: OrganizationContext) async throws -> AgentResponse {
        try context.require(.manage)
        let id = try id(context)
        var fields = try await APIBody.fields(of: request, context: context)
        let changes = AgentChanges.read(&fields, creating: false)
        try fields.validate()
        return AgentResponse(try await agents.update(id, in: context.organization.id, with: changes))
    }

    @Sendable func show(_ request: Request, context: OrganizationContext) async throws -> AgentResponse {
        return AgentResponse(try await agents.find(try id(context), in: context.organization.id))
    }

    /// Deletes the agent and revokes its access tokens.
    @Sendable func delete(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.manage)
        try await agents.delete(try id(context), in: context.organization.id)
        return Response(status: .noContent)
    }

    @Sendable func pollResults(_ request: Request, context: OrganizationContext) async throws -> PollResultsResponse {
        let pollID = try APIBody.id("pollId", in: context, notFound: "Poll not found.")
        let organizationID = context.organization.id
        let poll = try await knowledge.findPoll(pollID, in: organizationID)
        let counts = try await AgentOperations.pollResults(poll, storage: storage)
        return PollResultsResponse(
            poll_id: poll.id.api, question: poll.question, total_responses: counts.reduce(0) { $0 + $1.1 },
            results: counts.map { .init(option: $0.0, count: $0.1) })
    }
}
