extension Migration {
    /// Two read paths that scanned whole tables get their own structures:
    /// - SQLite: a trigram full-text index of contacts' name, e-mail and phone, kept by
    ///   triggers, for substring search (FTS5 rows share the contact's rowid; the database is
    ///   never VACUUMed, which could renumber them). PostgreSQL keeps its `LIKE` scan.
    /// - Both: per-day call totals in the organization's time zone, kept by `CallService`,
    ///   for call statistics (filled here from the calls already logged).
    static let searchAndCallTotals: Migration = {
        let totals = """
            CREATE TABLE call_daily_totals (
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                day TEXT NOT NULL,
                status TEXT NOT NULL,
                direction TEXT NOT NULL,
                calls INTEGER NOT NULL,
                duration_seconds BIGINT NOT NULL,
                PRIMARY KEY (organization_id, day, status, direction)
            )
            """
        let portable = Migration.portable(version: 7, name: "search_and_call_totals", [totals])
        let search = [
            "CREATE VIRTUAL TABLE contact_search USING fts5(name, email, phone, tokenize = 'trigram')",
            """
            INSERT INTO contact_search (rowid, name, email, phone)
            SELECT rowid, name_search, COALESCE(email_normalized, ''), COALESCE(phone, '') FROM contacts
            """,
            """
            CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
                INSERT INTO contact_search (rowid, name, email, phone)
                VALUES (new.rowid, new.name_search, COALESCE(new.email_normalized, ''), COALESCE(new.phone, ''));
            END
            """,
            """
            CREATE TRIGGER contacts_search_update AFTER UPDATE OF name_search, email_normalized, phone ON contacts BEGIN
                UPDATE contact_search SET name = new.name_search, email = COALESCE(new.email_normalized, ''),
                    phone = COALESCE(new.phone, '') WHERE rowid = old.rowid;
            END
            """,
            """
            CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
                DELETE FROM contact_search WHERE rowid = old.rowid;
            END
            """,
        ]
        return Migration(
            version: 7, name: "search_and_call_totals", sqlite: portable.sqlite + search, postgres: portable.postgres,
            afterwards: { db in try await CallTotals.rebuildAll(on: db) })
    }()
}
