extension Migration {
    /// pg_trgm's GIN operator class answers `=` too, and the planner took the e-mail
    /// trigram index for the import's `email_normalized IN (500 e-mails)`: seconds per chunk,
    /// every e-mail sharing `exa`, `xam`, ... with every other. The e-mail and phone trigram
    /// indexes now index `LOWER(column)`, which substring searches name and equality
    /// lookups (answered by the organization's B-tree indexes) never do.
    static let equalitySafeTrigrams = Migration(
        version: 18, name: "equality_safe_trigrams",
        sqlite: [],
        postgres: [
            "DROP INDEX IF EXISTS contacts_email_trgm",
            "DROP INDEX IF EXISTS contacts_phone_trgm",
            "CREATE INDEX contacts_email_trgm ON contacts USING gin (LOWER(email_normalized) gin_trgm_ops)",
            "CREATE INDEX contacts_phone_trgm ON contacts USING gin (LOWER(phone) gin_trgm_ops)",
        ])
}
