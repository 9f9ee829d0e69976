extension Migration {
    /// Outbound calling compliance (CONTRACT section 12): the suppression list, the
    /// organization's quiet-hours opt-out and daily cap, consent on contacts, per-campaign
    /// consent and retry rules, why a campaign call was skipped, and the leases of each
    /// contact per local day (the cap across campaigns).
    static let outboundCompliance = Migration.portable(
        version: 17, name: "outbound_compliance",
        [
            """
            CREATE TABLE suppressions (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                phone TEXT NOT NULL,
                reason TEXT NOT NULL,
                contact_id $UUID REFERENCES contacts(id) ON DELETE SET NULL,
                call_id $UUID REFERENCES calls(id) ON DELETE SET NULL,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL,
                UNIQUE (organization_id, phone)
            )
            """,
            "CREATE INDEX suppressions_organization ON suppressions(organization_id, created_at)",
            "ALTER TABLE organizations ADD COLUMN allow_calls_outside_quiet_hours $BOOL NOT NULL DEFAULT $FALSE",
            "ALTER TABLE organizations ADD COLUMN max_daily_attempts_per_contact INTEGER NOT NULL DEFAULT 3",
            "ALTER TABLE contacts ADD COLUMN consent_at $TIME",
            "ALTER TABLE campaigns ADD COLUMN require_consent $BOOL NOT NULL DEFAULT $FALSE",
            "ALTER TABLE campaigns ADD COLUMN retry_rules TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE campaign_calls ADD COLUMN skip_reason TEXT",
            """
            CREATE TABLE contact_daily_attempts (
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                contact_id $UUID NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                local_day TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                PRIMARY KEY (contact_id, local_day)
            )
            """,
        ])
}
