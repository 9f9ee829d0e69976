extension Migration {
    /// Webhook endpoints, one delivery row per (event, subscribed endpoint) written with the
    /// event (the outbox), and every attempt made.
    static let webhooks = Migration.portable(
        version: 3, name: "webhooks",
        [
            """
            CREATE TABLE webhooks (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                url TEXT NOT NULL,
                secret_ciphertext TEXT NOT NULL,
                events TEXT NOT NULL,
                active $BOOL NOT NULL,
                disabled_reason TEXT,
                failing_since $TIME,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX webhooks_organization ON webhooks(organization_id, created_at)",
            """
            CREATE TABLE webhook_deliveries (
                id $UUID PRIMARY KEY,
                webhook_id $UUID NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                organization_id $UUID NOT NULL,
                event_id $UUID NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                event TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at $TIME NOT NULL,
                leased_until $TIME,
                last_status_code INTEGER,
                last_error TEXT,
                delivered_at $TIME,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at)",
            "CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, created_at)",
            """
            CREATE TABLE webhook_attempts (
                id $UUID PRIMARY KEY,
                delivery_id $UUID NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
                attempted_at $TIME NOT NULL,
                status_code INTEGER,
                duration_ms INTEGER NOT NULL,
                response_body TEXT,
                error TEXT
            )
            """,
            "CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, attempted_at)",
        ])
}
