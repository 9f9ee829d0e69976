extension Migration {
    /// Outbound campaigns and their calls: one row per contact of the audience snapshot,
    /// leased to AI agents one at a time.
    static let campaigns = Migration.portable(
        version: 6, name: "campaigns",
        [
            """
            CREATE TABLE campaigns (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                coordinator_id $UUID REFERENCES coordinators(id) ON DELETE SET NULL,
                name TEXT NOT NULL,
                description TEXT,
                script TEXT,
                contact_list_ids TEXT NOT NULL,
                status TEXT NOT NULL,
                scheduled_start $TIME,
                max_concurrent_calls INTEGER NOT NULL,
                max_attempts INTEGER NOT NULL,
                retry_delay_minutes INTEGER NOT NULL,
                calling_window TEXT NOT NULL,
                metadata TEXT NOT NULL,
                started_at $TIME,
                completed_at $TIME,
                cancelled_at $TIME,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX campaigns_organization ON campaigns(organization_id, created_at)",
            "CREATE INDEX campaigns_status ON campaigns(status, scheduled_start)",
            """
            CREATE TABLE campaign_calls (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                campaign_id $UUID NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                contact_id $UUID REFERENCES contacts(id) ON DELETE SET NULL,
                position INTEGER NOT NULL,
                timezone TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                last_result TEXT,
                next_attempt_at $TIME,
                leased_until $TIME,
                agent_id $UUID,
                completed_at $TIME,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL,
                UNIQUE (campaign_id, contact_id)
            )
            """,
            "CREATE INDEX campaign_calls_due ON campaign_calls(campaign_id, status, next_attempt_at, position)",
            "CREATE INDEX campaign_calls_leases ON campaign_calls(status, leased_until)",
            "CREATE INDEX ai_interactions_campaign_call ON ai_interactions(campaign_call_id)",
        ])
}
