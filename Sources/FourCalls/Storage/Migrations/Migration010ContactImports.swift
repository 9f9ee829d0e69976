extension Migration {
    /// CSV imports run as jobs (`?async=true`): their progress, counts and reported errors.
    static let contactImports = Migration.portable(
        version: 10, name: "contact_imports",
        [
            """
            CREATE TABLE contact_imports (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                status TEXT NOT NULL,
                rows_processed INTEGER NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                failed INTEGER NOT NULL,
                errors TEXT NOT NULL,
                error TEXT,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL,
                finished_at $TIME
            )
            """,
            "CREATE INDEX contact_imports_organization ON contact_imports(organization_id, created_at)",
        ])
}
