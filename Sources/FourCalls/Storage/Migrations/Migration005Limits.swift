extension Migration {
    /// Rate-limit windows (shared by instances on PostgreSQL) and idempotency keys.
    static let limits = Migration.portable(
        version: 5, name: "limits",
        [
            """
            CREATE TABLE rate_limit_windows (
                key TEXT NOT NULL,
                window_start BIGINT NOT NULL,
                count INTEGER NOT NULL,
                PRIMARY KEY (key, window_start)
            )
            """,
            """
            CREATE TABLE idempotency_keys (
                id TEXT PRIMARY KEY,
                request_hash TEXT NOT NULL,
                status TEXT NOT NULL,
                response_status INTEGER,
                response_body TEXT,
                response_content_type TEXT,
                created_at $TIME NOT NULL,
                expires_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX idempotency_keys_expires ON idempotency_keys(expires_at)",
        ])
}
