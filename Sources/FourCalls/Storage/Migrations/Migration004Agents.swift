extension Migration {
    /// AI voice agents, their short-lived access tokens, the interactions they log and the
    /// poll answers those carry.
    static let agents = Migration.portable(
        version: 4, name: "agents",
        [
            """
            CREATE TABLE ai_agents (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                key_hash TEXT NOT NULL,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX ai_agents_organization ON ai_agents(organization_id, created_at)",
            """
            CREATE TABLE ai_agent_tokens (
                id $UUID PRIMARY KEY,
                agent_id $UUID NOT NULL REFERENCES ai_agents(id) ON DELETE CASCADE,
                organization_id $UUID NOT NULL,
                token_hash TEXT NOT NULL,
                expires_at $TIME NOT NULL,
                created_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX ai_agent_tokens_agent ON ai_agent_tokens(agent_id)",
            """
            CREATE TABLE ai_interactions (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                agent_id $UUID REFERENCES ai_agents(id) ON DELETE SET NULL,
                interaction_type TEXT NOT NULL,
                contact_id $UUID REFERENCES contacts(id) ON DELETE SET NULL,
                coordinator_id $UUID REFERENCES coordinators(id) ON DELETE SET NULL,
                campaign_call_id $UUID,
                call_id $UUID REFERENCES calls(id) ON DELETE SET NULL,
                status TEXT,
                duration_seconds INTEGER NOT NULL,
                transcript TEXT,
                outcome TEXT,
                metadata TEXT NOT NULL,
                created_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX ai_interactions_organization ON ai_interactions(organization_id, created_at)",
            """
            CREATE TABLE poll_responses (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                poll_id $UUID NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
                interaction_id $UUID NOT NULL REFERENCES ai_interactions(id) ON DELETE CASCADE,
                contact_id $UUID REFERENCES contacts(id) ON DELETE SET NULL,
                answer TEXT NOT NULL,
                created_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX poll_responses_poll ON poll_responses(poll_id)",
        ])
}
