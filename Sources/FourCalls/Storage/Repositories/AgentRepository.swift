import Foundation
import SQLKit

/// SQL for `ai_agents` lookups across organizations (by id or key, at sign-in) and `ai_agent_tokens`.
struct AgentRepository {
    let db: any SQLDatabase

    func find(id: UUID) async throws -> Agent? {
        try await db.select().column("*").from(Table.aiAgents).where("id", .equal, id)
            .first(decoding: Agent.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// The agent whose API key hashes to `keyHash` (unique: migration 12).
    func find(keyHash: String) async throws -> Agent? {
        try await db.select().column("*").from(Table.aiAgents).where("key_hash", .equal, keyHash)
            .first(decoding: Agent.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    func insert(_ token: AgentToken) async throws {
        try await db.insert(into: Table.aiAgentTokens).model(token, keyEncodingStrategy: .convertToSnakeCase).run()
    }

    func token(id: UUID) async throws -> AgentToken? {
        try await db.select().column("*").from(Table.aiAgentTokens).where("id", .equal, id)
            .first(decoding: AgentToken.self, keyDecodingStrategy: .snakeCaseColumns)
    }
}
