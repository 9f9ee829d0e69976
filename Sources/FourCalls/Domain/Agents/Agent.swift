import Foundation

/// An AI voice agent of an organization. Rows of `ai_agents`; only a SHA-256 of its API key
/// is kept (keys are long random strings, so a fast hash is enough).
struct Agent: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    var name: String
    var keyHash: String
    /// The Vapi assistant that takes this agent's calls (`assistant-request`).
    var vapiAssistantId: String?
    /// Retell's API key, which signs its webhooks: sealed by the app key.
    var retellApiKey: String?
    /// ElevenLabs' webhook secret: sealed by the app key.
    var elevenlabsWebhookSecret: String?
    let createdAt: Date
    var updatedAt: Date
}

/// An agent's per-platform settings, with its secrets opened (for the platform adapters).
struct AgentPlatformSettings: Sendable {
    var vapiAssistantID: String?
    var retellAPIKey: String?
    var elevenLabsWebhookSecret: String?
}

/// Changes to an agent: nil leaves a field as it is; `.some(nil)` clears it.
struct AgentChanges: Sendable {
    var name: String?
    var vapiAssistantID: String??
    var retellAPIKey: String??
    var elevenLabsWebhookSecret: String??

    static func read(_ fields: inout FieldReader, creating: Bool) -> AgentChanges {
        var changes = AgentChanges()
        changes.name = fields.string("name", required: creating || fields.isPresent("name"))
        if fields.isPresent("vapi_assistant_id") { changes.vapiAssistantID = .some(fields.string("vapi_assistant_id")) }
        if fields.isPresent("retell_api_key") { changes.retellAPIKey = .some(fields.secret("retell_api_key", minLength: 8)) }
        if fields.isPresent("elevenlabs_webhook_secret") {
            changes.elevenLabsWebhookSecret = .some(fields.secret("elevenlabs_webhook_secret", minLength: 8))
        }
        return changes
    }
}

/// A one-hour access token of an agent. Rows of `ai_agent_tokens`.
struct AgentToken: Codable, Sendable {
    let id: UUID
    let agentId: UUID
    let organizationId: UUID
    let tokenHash: String
    let expiresAt: Date
    let createdAt: Date
}

/// The agent a request on the internal API comes from.
public struct AgentPrincipal: Sendable {
    let agentID: UUID
    let organizationID: UUID
    /// The access token in use, or the agent's id when it sent its API key (rate limits
    /// count per credential).
    let tokenID: UUID
}

/// Agents and their tokens: created by organization admins, exchanged for short-lived
/// access tokens on `POST /api/internal/ai/auth`.
struct AgentService: Sendable {
    let storage: any Storage
    let clock: any AppClock
    /// Seals the platforms' secrets.
    let box: SecretBox
    /// Agents' tokens and keys (see `AccessCache`); deleting an agent posts a notice that drops them.
    var cache: AccessCache? = nil

    static let tokenLifetime: TimeInterval = 3600
    static let notFound = APIError.notFound("AI agent not found.")

    private func rows(_ db: any SQLDatabase) -> TenantRows<Agent> { TenantRows(db: db) }

    /// Creates an agent; returns it with its API key in clear, shown this once.
    func create(in organizationID: UUID, _ input: AgentChanges) async throws -> (Agent, apiKey: String) {
        let now = clock.now()
        let apiKey = Self.keyPrefix + TokenSecret.generate()
        var agent = Agent(
            id: UUID.random(), organizationId: organizationID, name: input.name ?? "", keyHash: TokenSecret.hash(apiKey), createdAt: now, updatedAt: now)
        try apply(input, to: &agent)
        try await storage.transaction { [agent] db in try await rows(db).insert(agent) }
        return (agent, apiKey)
    }

    /// Changes the agent's name and platform settings.
    func update(_ id: UUID, in organizationID: UUID, with changes: AgentChanges) async throws -> Agent {
        let now = clock.now()
        return try await storage.transaction { db in
            guard var agent = try await rows(db).find(id: id, organizationID: organizationID) else { throw Self.notFound }
            try apply(changes, to: &agent)
            agent.updatedAt = now
            try await rows(db).update(agent, id: id, organizationID: organizationID)
            return agent
        }
    }

    private func apply(_ changes: AgentChanges, to agent: inout Agent) throws {
        if let name = changes.name { agent.name = name }
        if let assistant = changes.vapiAssistantID { agent.vapiAssistantId = assistant }
        if let key = changes.retellAPIKey { agent.retellApiKey = try key.map { try box.seal($0) } }
        if let secret = changes.elevenLabsWebhookSecret { agent.elevenlabsWebhookSecret = try secret.map { try box.seal($0) } }
    }

    /// The agent's platform settings, secrets opened.
    func platformSettings(of agentID: UUID, in organizationID: UUID) async throws -> AgentPlatformSettings {
        let agent = try await find(agentID, in: organizationID)
        return AgentPlatformSettings(
            vapiAssistantID: agent.vapiAssistantId, retellAPIKey: try agent.retellApiKey.map { try box.open($0) },
            elevenLabsWebhookSecret: try agent.elevenlabsWebhookSecret.map { try box.open($0) })
    }

    func list(_ organizationID: UUID, page: PageRequest) async throws -> Paged<Agent> {
        try await storage.read { db in try await rows(db).page(organizationID: organizationID, page) }
    }

    func find(_ id: UUID, in organizationID: UUID) async throws -> Agent {
        let agent = try await storage.read { db in try await rows(db).find(id: id, organizationID: organizationID) }
        guard let agent else { throw Self.notFound }
        return agent
    }

    /// Deletes the agent; its tokens go with it.
    func delete(_ id: UUID, in organizationID: UUID) async throws {
        let deleted = try await storage.transaction { db in
            ChangeNotices.post(.agent(id))
            return try await rows(db).delete(id: id, organizationID: organizationID)
        }
        if !deleted { throw Self.notFound }
    }

    /// Exchanges an agent id and API key for an access token; 401 when they do not match.
    func authenticate(agentID: UUID, apiKey: String) async throws -> String {
        let now = clock.now()
        return try await storage.transaction { db in
            guard
                let agent = try await AgentRepository(db: db).find(id: agentID),
                TokenSecret.constantTimeEquals(agent.keyHash, TokenSecret.hash(apiKey))
            else { throw APIError.invalidCredentials }
            let secret = TokenSecret.generate()
            let token = AgentToken(
                id: UUID.random(), agentId: agent.id, organizationId: agent.organizationId, tokenHash: TokenSecret.hash(secret),
                expiresAt: now.addingTimeInterval(Self.tokenLifetime), createdAt: now)
            try await AgentRepository(db: db).insert(token)
            return TokenSecret.plainText(id: token.id, secret: secret)
        }
    }

    /// The prefix of every API key: a bearer credential with it is a key, not a token.
    static let keyPrefix = "fc_ak_"

    /// The agent an access token or API key stands for; nil when unknown, expired or malformed.
    func principal(bearer: String) async throws -> AgentPrincipal? {
        bearer.hasPrefix(Self.keyPrefix) ? try await principal(apiKey: bearer) : try await principal(token: bearer)
    }

    /// The agent whose API key this is (CONTRACT section 10). Found by the key's SHA-256, so
    /// the lookup compares digests, never the key; a deleted agent's key finds nothing.
    func principal(apiKey: String) async throws -> AgentPrincipal? {
        let hash = TokenSecret.hash(apiKey)
        if let cached = cache?.agent(keyHash: hash) { return cached }
        let generation = cache?.generation ?? 0
        let agent = try await storage.read { db in
            try await AgentRepository(db: db).find(keyHash: hash)
        }
        guard let agent, TokenSecret.constantTimeEquals(agent.keyHash, hash) else { return nil }
        let principal = AgentPrincipal(agentID: agent.id, organizationID: agent.organizationId, tokenID: agent.id)
        cache?.store(principal, keyHash: hash, generation: generation)
        return principal
    }

    /// The agent an access token stands for; nil when unknown, expired or malformed.
    func principal(token bearer: String) async throws -> AgentPrincipal? {
        guard let (id, secret) = TokenSecret.parse(bearer) else { return nil }
        let now = clock.now()
        if let cached = cache?.agentToken(id) {
            guard TokenSecret.constantTimeEquals(cached.tokenHash, TokenSecret.hash(secret)), cached.expiresAt > now else { return nil }
            return cached.principal
        }
        let generation = cache?.generation ?? 0
        let token = try await storage.read { db in
            try await AgentRepository(db: db).token(id: id)
        }
        guard let token, TokenSecret.constantTimeEquals(token.tokenHash, TokenSecret.hash(secret)), token.expiresAt > now else { return nil }
        let principal = AgentPrincipal(agentID: token.agentId, organizationID: token.organizationId, tokenID: token.id)
        cache?.store(.init(tokenHash: token.tokenHash, principal: principal, expiresAt: token.expiresAt), id: id, generation: generation)
        return principal
    }
}

import SQLKit
