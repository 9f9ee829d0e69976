import Foundation
import HTTPTypes
import Hummingbird

/// `/console/organizations/{orgId}/agents`: the organization's AI agents, added by admins as
/// `POST .../ai-agents` does (the API key shown once), with the recipes that connect each
/// voice platform (the README's "Voice platforms and MCP", filled in with this server's
/// address and, right after creating one, the agent's key).
extension ConsoleController {
    struct AgentsView: TemplateView {
        let chrome: ConsoleChrome
        let rows: [Row]
        let empty: Bool
        let canManage: Bool
        let action: String
        let fields: [ConsoleFormField]
        let formError: [String]
        /// The new agent's API key, shown this once.
        let createdKey: [String]
        let recipes: [Recipe]

        struct Row: TemplateView {
            let name: String
            let created: String
            let platforms: String
        }

        struct Recipe: TemplateView {
            let platform: String
            let steps: [Step]
        }

        struct Step: TemplateView {
            let text: String
            let value: String
        }
    }

    @Sendable func agentList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        return try await agentsPage(request, person, membership, form: .empty, createdKey: nil)
    }

    @Sendable func createAgent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        try require(.manage, membership)
        var fields = ConsoleHTTP.fields(form)
        let input = AgentChanges.read(&fields, creating: true)
        do {
            try fields.validate()
            let (_, key) = try await agents.create(in: membership.organization.id, input)
            return try await agentsPage(request, person, membership, form: .empty, createdKey: key, status: .created)
        } catch let error as APIError where error.fieldErrors != nil {
            return try await agentsPage(
                request, person, membership, form: ConsoleSubmission(form, refusal: error), createdKey: nil, status: .unprocessableContent)
        }
    }

    private func agentsPage(
        _ request: Request, _ person: SignedIn, _ membership: Membership, form: ConsoleSubmission, createdKey: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let organization = membership.organization
        let found = try await agents.list(organization.id, page: PageRequest(page: 1, perPage: 100)).items
        let view = AgentsView(
            chrome: ConsoleChrome(title: "AI agents", person: person, membership: membership, current: "agents"),
            rows: found.map { agent in
                let platforms = [("Vapi", agent.vapiAssistantId), ("Retell", agent.retellApiKey), ("ElevenLabs", agent.elevenlabsWebhookSecret)]
                    .compactMap { name, setting -> String? in setting == nil ? nil : name }
                return AgentsView.Row(
                    name: agent.name, created: SpeakableTime.spoken(agent.createdAt, in: organization.timeZone),
                    platforms: platforms.isEmpty ? "—" : platforms.joined(separator: ", "))
            },
            empty: found.isEmpty, canManage: membership.role.allows(.manage),
            action: "/console/organizations/\(organization.id.api)/agents",
            fields: [ConsoleFormField(name: "name", label: "Name", type: "text", value: form.values["name"] ?? "", errors: form.errors["name"] ?? [])],
            formError: form.message.map { [$0] } ?? [], createdKey: createdKey.map { [$0] } ?? [],
            recipes: Self.recipes(server: serverAddress(request), key: createdKey ?? "fc_ak_… (the agent's API key)"))
        return try page("console/agents", view, person, status: status)
    }

    /// Where platforms reach this server: `APP_URL`, else the address this page was asked at.
    private func serverAddress(_ request: Request) -> String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        return "http://" + (request.head.authority ?? "127.0.0.1:8000")
    }

    static func recipes(server: String, key: String) -> [AgentsView.Recipe] {
        let ai = server + "/api/internal/ai"
        let bearer = "Authorization: Bearer \(key)"
        func recipe(_ platform: String, _ steps: [(String, String)]) -> AgentsView.Recipe {
            AgentsView.Recipe(platform: platform, steps: steps.map { AgentsView.Step(text: $0.0, value: $0.1) })
        }
        return [
            recipe("Vapi", [
                ("Create each tool of this manifest (asked for with the key, it carries it) as a Function tool", "\(ai)/tools?format=vapi"),
                ("Server URL, for the tools and the assistant (end-of-call reports land in the call log once per call)", "\(ai)/vapi"),
                ("Its header (or the key as the server secret, X-Vapi-Secret)", bearer),
            ]),
            recipe("Retell", [
                ("Add each tool of this manifest as a Custom Function", "\(ai)/tools?format=retell"),
                ("Each function's URL (method POST)", "\(ai)/retell/functions/{name}"),
                ("Its header", bearer),
                ("The agent's webhook URL (callers greeted by name; calls land in the call log once)", "\(ai)/retell/webhook?key=\(key)"),
            ]),
            recipe("ElevenLabs", [
                ("Add each tool of this manifest as a Webhook tool", "\(ai)/tools?format=elevenlabs"),
                ("Its header", bearer),
                ("Post-call webhook", "\(ai)/elevenlabs/webhook?key=\(key)"),
            ]),
            recipe("LiveKit Agents, Pipecat and other MCP clients", [
                ("MCP server (streamable HTTP, stateless)", "\(ai)/mcp"),
                ("Its header", bearer),
            ]),
            recipe("OpenAI Realtime", [
                ("The session's tools", "\(ai)/tools?format=openai-realtime"),
                ("Post each function call's arguments to", "\(ai)/tools/{name}"),
                ("With the header", bearer),
            ]),
        ]
    }
}
