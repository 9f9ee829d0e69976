extension Migration {
    /// A GIN index takes new rows into a pending list that every search reads through until
    /// it is merged, at 4 MB by default: after an import a search of 100,000 contacts read
    /// 800 pages of pending lists (12.7 ms; 1.9 ms once merged). The trigram indexes merge
    /// theirs at 256 kB, and imports merge them when they finish
    /// (`ContactRepository.refreshStatistics`).
    static let smallTrigramPendingLists = Migration(
        version: 19, name: "small_trigram_pending_lists",
        sqlite: [],
        postgres: [
            "ALTER INDEX contacts_name_trgm SET (gin_pending_list_limit = 256)",
            "ALTER INDEX contacts_email_trgm SET (gin_pending_list_limit = 256)",
            "ALTER INDEX contacts_phone_trgm SET (gin_pending_list_limit = 256)",
        ])
}
