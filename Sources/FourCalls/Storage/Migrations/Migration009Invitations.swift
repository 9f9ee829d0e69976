extension Migration {
    /// Invitations to organizations (CONTRACT section 3): nobody becomes a member without
    /// accepting. Only a SHA-256 of the invitation token is kept.
    static let invitations = Migration.portable(
        version: 9, name: "invitations",
        [
            """
            CREATE TABLE invitations (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                email TEXT NOT NULL,
                email_normalized TEXT NOT NULL,
                role TEXT NOT NULL,
                token_hash TEXT NOT NULL,
                invited_by $UUID,
                created_at $TIME NOT NULL,
                expires_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX invitations_organization ON invitations(organization_id, created_at)",
            "CREATE UNIQUE INDEX invitations_organization_email ON invitations(organization_id, email_normalized)",
            "CREATE INDEX invitations_email ON invitations(email_normalized)",
            "CREATE UNIQUE INDEX invitations_token ON invitations(token_hash)",
        ])
}
