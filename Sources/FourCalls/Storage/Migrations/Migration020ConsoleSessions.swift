extension Migration {
    /// The operator console's sign-ins (CONTRACT section 11): a session is its id and the hash
    /// of its secret (the cookie holds both), ended by sign-out or 12 hours without a request.
    static let consoleSessions = Migration.portable(
        version: 20, name: "console_sessions",
        [
            """
            CREATE TABLE console_sessions (
                id $UUID PRIMARY KEY,
                user_id $UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                secret_hash TEXT NOT NULL,
                created_at $TIME NOT NULL,
                last_seen_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX console_sessions_last_seen ON console_sessions(last_seen_at)",
        ])
}
