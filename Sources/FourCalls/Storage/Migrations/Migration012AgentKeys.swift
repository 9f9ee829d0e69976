extension Migration {
    /// Agents' API keys work as bearer credentials (CONTRACT section 10): a request finds its
    /// agent by the SHA-256 of the key it sends, so the digests are indexed (and unique).
    static let agentKeys = Migration.portable(
        version: 12, name: "agent_keys",
        ["CREATE UNIQUE INDEX ai_agents_key_hash ON ai_agents(key_hash)"])
}
