extension Migration {
    /// SQLite's contact search index keyed by a column of its own instead of the contacts'
    /// implicit rowids, which `VACUUM` (or a dump and restore) may renumber: a renumbered
    /// contact would vanish from search or answer for another. Each contact keeps the
    /// rowid of its row in `contact_search` in `search_rowid`. Nothing changes on PostgreSQL.
    static let stableSearchKeys = Migration(
        version: 8, name: "stable_search_keys",
        sqlite: [
            "DROP TRIGGER contacts_search_insert",
            "DROP TRIGGER contacts_search_update",
            "DROP TRIGGER contacts_search_delete",
            "ALTER TABLE contacts ADD COLUMN search_rowid INTEGER",
            "UPDATE contacts SET search_rowid = rowid",
            "DELETE FROM contact_search",
            """
            INSERT INTO contact_search (rowid, name, email, phone)
            SELECT search_rowid, name_search, COALESCE(email_normalized, ''), COALESCE(phone, '') FROM contacts
            """,
            "CREATE UNIQUE INDEX contacts_search_rowid ON contacts(search_rowid)",
            """
            CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
                INSERT INTO contact_search (name, email, phone)
                VALUES (new.name_search, COALESCE(new.email_normalized, ''), COALESCE(new.phone, ''));
                UPDATE contacts SET search_rowid = last_insert_rowid() WHERE id = new.id;
            END
            """,
            """
            CREATE TRIGGER contacts_search_update AFTER UPDATE OF name_search, email_normalized, phone ON contacts BEGIN
                UPDATE contact_search SET name = new.name_search, email = COALESCE(new.email_normalized, ''),
                    phone = COALESCE(new.phone, '') WHERE rowid = old.search_rowid;
            END
            """,
            """
            CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
                DELETE FROM contact_search WHERE rowid = old.search_rowid;
            END
            """,
        ],
        postgres: [])
}
