extension Migration {
    /// PostgreSQL's contact search from trigram indexes (`pg_trgm`, in PostgreSQL's standard
    /// contrib and trusted since PostgreSQL 13): the `LIKE '%text%'` of the name, the e-mail
    /// and the phone reads a few index pages instead of every contact of the organization
    /// (stack notes §14). SQLite has had its FTS5 trigram index since migration 7.
    static let trigramSearch = Migration(
        version: 16, name: "trigram_search",
        sqlite: [],
        postgres: [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "CREATE INDEX contacts_name_trgm ON contacts USING gin (name_search gin_trgm_ops)",
            "CREATE INDEX contacts_email_trgm ON contacts USING gin (email_normalized gin_trgm_ops)",
            "CREATE INDEX contacts_phone_trgm ON contacts USING gin (phone gin_trgm_ops)",
        ])
}
