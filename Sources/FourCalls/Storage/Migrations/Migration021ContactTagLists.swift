extension Migration {
    /// Each contact's tags also kept on the contact, as the JSON array `tag_list`, which
    /// `ContactRepository` rewrites in the statement after every change of its tags: a list
    /// or search reads a contact's tags with its row instead of one aggregate per contact
    /// (a quarter of PostgreSQL's work for a page of search results). `contact_tags` stays
    /// the tags' record and their index for the tag filter.
    static let contactTagLists = Migration(
        version: 21, name: "contact_tag_lists",
        sqlite: [
            "ALTER TABLE contacts ADD COLUMN tag_list TEXT NOT NULL DEFAULT '[]'",
            """
            UPDATE contacts SET tag_list = (SELECT json_group_array(tag) FROM contact_tags WHERE contact_tags.contact_id = contacts.id)
            WHERE id IN (SELECT contact_id FROM contact_tags)
            """,
        ],
        postgres: [
            "ALTER TABLE contacts ADD COLUMN tag_list TEXT NOT NULL DEFAULT '[]'",
            """
            UPDATE contacts SET tag_list = lists.tag_list
            FROM (SELECT contact_id, json_agg(tag)::text AS tag_list FROM contact_tags GROUP BY contact_id) AS lists
            WHERE lists.contact_id = contacts.id
            """,
        ])
}
