extension Migration {
    /// Voice platforms' calls already taken in (CONTRACT section 10, call intake): the key of
    /// each platform's call, so the same call reported again, at once or later, adds nothing.
    static let platformCalls = Migration.portable(
        version: 14, name: "platform_calls",
        [
            """
            CREATE TABLE platform_calls (
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                platform TEXT NOT NULL,
                platform_call_id TEXT NOT NULL,
                call_id $UUID REFERENCES calls(id) ON DELETE SET NULL,
                created_at $TIME NOT NULL,
                PRIMARY KEY (organization_id, platform, platform_call_id)
            )
            """
        ])
}
