import Foundation
import SQLKit

/// Filters of the contact list (CONTRACT section 4).
struct ContactFilter: Sendable {
    var search: String?
    var tags: [String] = []
    var status: ContactStatus?
    var sourceID: String?
    var source: String?
}

/// SQL for `contacts` and `contact_tags`.
struct ContactRepository {
    let db: any SQLDatabase
    var rows: TenantRows<Contact> { TenantRows(db: db) }

    func list(organizationID: UUID, filter: ContactFilter, page: PageRequest) async throws -> Paged<TaggedContact> {
        let search = filter.search?.lowercased() ?? ""
        // Searches of a trigram or more are answered from an index: SQLite's FTS5 table
        // (migration 7), PostgreSQL's GIN trigram indexes under the same `LIKE` (migration 16).
        let match = db.dialect.name == "sqlite" ? Self.trigramMatch(search, digits: search.filter(\.isNumber)) : nil
        let indexed = match != nil || (db.dialect.name == "postgresql" && search.count >= 3)
        return try await Paged.fetch(
            db, page: page, decoding: TaggedContact.self, columns: Self.taggedColumns, countWithPage: indexed
        ) { select in
            // A search the trigram index answers drives the query: `+` keeps SQLite from
            // scanning the organization's index instead (it has no statistics to know better).
            let tenant: any SQLExpression = match != nil ? SQLRaw("+organization_id") : SQLColumn("organization_id")
            return Self.apply(
                filter, search: search, match: match, organizationID: organizationID,
                to: select.from(Table.contacts).where(tenant, .equal, SQLBind(organizationID)))
        } order: { select in
            select.orderBy("created_at").orderBy("id")
        }
    }

    /// `contacts.*`, whose `tag_list` holds the contact's tags as a JSON array (migration
    /// 21), which `TaggedContact` decodes (and sorts).
    static let taggedColumns = ["contacts.*"]

    /// The contact's tags as a JSON array, from `contact_tags`: what `tag_list` holds. No
    /// `ORDER BY` in the aggregate: SQLite builds a temporary b-tree per row for one.
    private static func tagListFromTags(_ db: any SQLDatabase) -> SQLRaw {
        SQLRaw(
            db.dialect.name == "postgresql"
                ? "(SELECT COALESCE(json_agg(tag)::text, '[]') FROM contact_tags WHERE contact_tags.contact_id = contacts.id)"
                : "(SELECT json_group_array(tag) FROM contact_tags WHERE contact_tags.contact_id = contacts.id)")
    }

    /// Rewrites the contacts' `tag_list` from their tags: the last statement of every change
    /// of tags. The contacts' rows are locked first, so that of two transactions changing one
    /// contact's tags the second reads its tags once the first has committed (PostgreSQL
    /// reads each statement's snapshot when it starts; SQLite has one writer).
    private func rewriteTagLists(of contactIDs: [UUID]) async throws {
        guard !contactIDs.isEmpty else { return }
        try await db.update(Table.contacts).set(SQLIdentifier("tag_list"), to: Self.tagListFromTags(db))
            .where("id", .in, contactIDs).run()
    }

    /// Locks the contacts' rows until the transaction ends (PostgreSQL; SQLite writes one
    /// transaction at a time).
    private func lock(_ contactIDs: [UUID]) async throws {
        guard !contactIDs.isEmpty else { return }
        _ = try await db.select().column("id").from(Table.contacts).where("id", .in, contactIDs).for(.update).all()
    }

    /// An FTS5 query for the search: the text as a substring of the name or the e-mail, and
    /// its digits of the phone. Nil when a part is shorter than a trigram, which the index
    /// cannot find: those searches scan.
    static func trigramMatch(_ search: String, digits: String) -> String? {
        let phone = digits.isEmpty ? search : digits
        guard search.count >= 3, phone.count >= 3 else { return nil }
        func phrase(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        // Columns the text cannot be in are left out (each costs the index a lookup per
        // trigram): e-mails never hold whitespace, phones hold only `+` and digits.
        var columns = ["name : \(phrase(search))"]
        if !search.contains(where: \.isWhitespace) { columns.append("email : \(phrase(search))") }
        if !digits.isEmpty { columns.append("phone : \(phrase(phone))") }
        return columns.joined(separator: " OR ")
    }

    /// `search` is lowercased; `match` is its trigram query when the index answers it.
    private static func apply(
        _ filter: ContactFilter, search: String, match: String?, organizationID: UUID, to select: SQLSelectBuilder
    ) -> SQLSelectBuilder {
        var select = select
        if let match {
            let indexed: SQLQueryString = "SELECT rowid FROM contact_search WHERE contact_search MATCH \(bind: match)"
            select = select.where(SQLColumn("search_rowid"), .in, SQLGroupExpression(indexed))
        } else if !search.isEmpty {
            // name_search and email_normalized are stored lowercased; phones match on digits.
            // E-mails and phones are searched as `LOWER(column)`, the expression their trigram
            // indexes hold (migration 18), so equality lookups never reach for those indexes.
            let pattern = SubstringSearch.pattern(search)
            let digits = search.filter(\.isNumber)
            var columns = [SubstringSearch.like(SQLColumn("name_search"), pattern)]
            if let key = Self.indexKey(search) {
                // The index finds the rows holding the key word; `|| ''` keeps the whole
                // text, checked on those rows, from being looked up in the index as well.
                let whole = SQLRaw("(name_search || '')")
                columns = [
                    SQLGroupExpression(
                        SQLBinaryExpression(
                            SubstringSearch.like(SQLColumn("name_search"), SubstringSearch.pattern(key)), .and,
                            SubstringSearch.like(whole, pattern)))
                ]
            }
            // As in `trigramMatch`: e-mails never hold whitespace, so no index lookup for them then.
            if !search.contains(where: \.isWhitespace) { columns.append(SubstringSearch.like(Self.lowered("email_normalized"), pattern)) }
            columns.append(SubstringSearch.like(Self.lowered("phone"), digits.isEmpty ? pattern : "%" + digits + "%"))
            select = select.where(SQLGroupExpression(SQLList(columns, separator: SQLRaw(" OR "))))
        }
        if let status = filter.status { select = select.where("status", .equal, status.rawValue) }
        if let sourceID = filter.sourceID { select = select.where("source_id", .equal, sourceID) }
        if let source = filter.source { select = select.where("source", .equal, source) }
        if !filter.tags.isEmpty {
            let tagged = SQLSubquery.select { sub in
                sub.column("contact_id").from(Table.contactTags)
                    .where("organization_id", .equal, organizationID)
                    .where("tag", .in, filter.tags)
                    .groupBy("contact_id")
                    .having(SQLFunction("COUNT", args: SQLDistinct(SQLColumn("tag"))), .equal, SQLBind(filter.tags.count))
            }
            select = select.where(SQLColumn("id"), .in, tagged)
        }
        return select
    }

    /// The word of a search of several words that the name's trigram index looks up alone
    /// (PostgreSQL): the longest one holding a digit. GIN reads every trigram's whole posting
    /// list, and a word of letters recurs in many names ("person" in all 100,000 of the
    /// benchmark's, 0.7 ms a trigram), while digits in a name are an identifier's. Nil for
    /// searches of one word or without digits: those look up every trigram.
    static func indexKey(_ search: String) -> String? {
        let words = search.split(whereSeparator: \.isWhitespace)
        guard words.count > 1 else { return nil }
        return words.filter { $0.count >= 3 && $0.contains(where: \.isNumber) }.max { $0.count < $1.count }.map(String.init)
    }

    /// Refreshes the planner's statistics of the contacts after a bulk change, and merges the
    /// trigram indexes' pending lists, which searches would otherwise read through (migration
    /// 19). PostgreSQL only: SQLite's queries here are written for a planner without statistics.
    func refreshStatistics() async throws {
        guard db.dialect.name == "postgresql" else { return }
        try await db.raw("ANALYZE contacts, contact_tags").run()
        try await db.raw(
            """
            SELECT gin_clean_pending_list(index) FROM unnest(ARRAY['contacts_name_trgm', 'contacts_email_trgm', 'contacts_phone_trgm']::regclass[]) AS index
            """
        ).run()
    }

    func find(id: UUID, organizationID: UUID) async throws -> TaggedContact? {
        try await Self.byID.query(on: db, binds: [id, organizationID]).first()?.decodeRow(TaggedContact.self)
    }

    private static let byID = SQLTemplate { db, binds in
        tagged(db).where("id", .equal, SQLBind(binds[0])).where("organization_id", .equal, SQLBind(binds[1])).limit(1).query
    }

    /// The first contact with this normalized e-mail or phone.
    func find(email: String?, phone: String?, organizationID: UUID) async throws -> TaggedContact? {
        if let email,
            let found = try await Self.oldestByEmail.query(on: db, binds: [organizationID, EmailAddress.normalized(email)])
                .first()?.decodeRow(TaggedContact.self)
        {
            return found
        }
        guard let phone else { return nil }
        return try await Self.oldestByPhone.query(on: db, binds: [organizationID, phone]).first()?.decodeRow(TaggedContact.self)
    }

    private static let oldestByEmail = SQLTemplate { db, binds in oldest(db, column: "email_normalized", binds) }
    private static let oldestByPhone = SQLTemplate { db, binds in oldest(db, column: "phone", binds) }

    /// The organization's (first bind) oldest contact whose `column` equals the second bind.
    private static func oldest(_ db: any SQLDatabase, column: String, _ binds: [any Encodable & Sendable]) -> any SQLExpression {
        // SQLite, without statistics, would walk the organization's contacts in creation order
        // to avoid a sort; `+` makes it read the few matches from the e-mail or phone index.
        let oldestFirst: any SQLExpression = db.dialect.name == "sqlite" ? SQLRaw("+created_at") : SQLColumn("created_at")
        return tagged(db).where("organization_id", .equal, SQLBind(binds[0])).where(SQLColumn(column), .equal, SQLBind(binds[1]))
            .orderBy(oldestFirst).limit(1).query
    }

    /// A select of contacts with their tags (`taggedColumns`).
    private static func tagged(_ db: any SQLDatabase) -> SQLSelectBuilder {
        var select = db.select()
        for column in Self.taggedColumns { select = select.column(SQLRaw(column)) }
        return select.from(Table.contacts)
    }

    /// Tags of each contact, sorted.
    func tags(of contactIDs: [UUID]) async throws -> [UUID: [String]] {
        guard !contactIDs.isEmpty else { return [:] }
        let rows = try await db.select().column("contact_id").column("tag").from(Table.contactTags)
            .where("contact_id", .in, contactIDs).all()
        var tags: [UUID: [String]] = [:]
        for row in rows {
            tags[try row.decode(column: "contact_id", as: UUID.self), default: []].append(try row.decode(column: "tag", as: String.self))
        }
        // Sorted in Swift, as `TaggedContact` sorts: the same order whatever the database's collation.
        return tags.mapValues { $0.sorted() }
    }

    /// The ids, e-mails and phones of the organization's contacts with one of these e-mails
    /// or phones, oldest first.
    private static func lowered(_ column: String) -> any SQLExpression {
        SQLFunction("LOWER", args: SQLColumn(column))
    }

    func keys(emails: Set<String>, phones: Set<String>, organizationID: UUID) async throws
        -> [(id: UUID, email: String?, phone: String?)]
    {
        guard !emails.isEmpty || !phones.isEmpty else { return [] }
        let rows = try await db.select()
            .column("id").column("email_normalized").column("phone").from(Table.contacts)
            .where("organization_id", .equal, organizationID)
            .where { group in
                var group = group
                if !emails.isEmpty { group = group.orWhere("email_normalized", .in, Array(emails)) }
                if !phones.isEmpty { group = group.orWhere("phone", .in, Array(phones)) }
                return group
            }
            .orderBy("created_at").orderBy("id").all()
        return try rows.map {
            (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "email_normalized", as: String?.self),
             try $0.decode(column: "phone", as: String?.self))
        }
    }

    /// Inserts new contacts with their tags (an import's chunk, or one contact). Their
    /// `tag_list` is written with the row: no other transaction sees them before this one
    /// commits, so none can change their tags meanwhile and nothing is locked or rewritten.
    func insert(_ new: [(contact: Contact, tags: [String])], organizationID: UUID) async throws {
        guard !new.isEmpty else { return }
        let rows = try new.map { NewContactRow(contact: $0.contact, tagList: try Self.tagList($0.tags)) }
        try await db.insert(into: Table.contacts)
            .models(rows, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
        try await insertTags(new.map { ($0.contact.id, $0.tags) }, organizationID: organizationID)
    }

    /// A contact's row with its `tag_list`.
    private struct NewContactRow: Encodable {
        let contact: Contact
        let tagList: String
        private enum CodingKeys: CodingKey { case tagList }

        func encode(to encoder: any Encoder) throws {
            try contact.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tagList, forKey: .tagList)
        }
    }

    /// The JSON array `tag_list` holds for these tags: each once, as `contact_tags` keeps them.
    private static func tagList(_ tags: [String]) throws -> String {
        var seen = Set<String>()
        let unique = tags.filter { seen.insert($0).inserted }
        return String(decoding: try JSONCoding.encoder.encode(unique), as: UTF8.self)
    }

    /// Tags of many contacts in one statement (an import's chunk); tags they have stay.
    func addTags(_ tagged: [(contactID: UUID, tags: [String])], organizationID: UUID) async throws {
        let changed = tagged.filter { !$0.tags.isEmpty }.map(\.contactID)
        guard !changed.isEmpty else { return }
        try await lock(changed)
        try await insertTags(tagged, organizationID: organizationID)
        try await rewriteTagLists(of: changed)
    }

    func addTags(_ tags: [String], to contactID: UUID, organizationID: UUID) async throws {
        try await addTags([(contactID, tags)], organizationID: organizationID)
    }

    func removeTags(_ tags: [String], from contactIDs: [UUID]) async throws {
        guard !tags.isEmpty, !contactIDs.isEmpty else { return }
        try await lock(contactIDs)
        try await db.delete(from: Table.contactTags).where("contact_id", .in, contactIDs).where("tag", .in, tags).run()
        try await rewriteTagLists(of: contactIDs)
    }

    func replaceTags(_ tags: [String], of contactID: UUID, organizationID: UUID) async throws {
        try await lock([contactID])
        try await db.delete(from: Table.contactTags).where("contact_id", .equal, contactID).run()
        try await insertTags([(contactID, tags)], organizationID: organizationID)
        try await rewriteTagLists(of: [contactID])
    }

    /// Inserts the tags into `contact_tags` (tags a contact has stay), without `tag_list`.
    private func insertTags(_ tagged: [(contactID: UUID, tags: [String])], organizationID: UUID) async throws {
        guard tagged.contains(where: { !$0.tags.isEmpty }) else { return }
        var insert = db.insert(into: Table.contactTags).columns("contact_id", "organization_id", "tag")
        for (contactID, tags) in tagged {
            for tag in tags { insert = insert.values(SQLBind(contactID), SQLBind(organizationID), SQLBind(tag)) }
        }
        try await insert.ignoringConflicts(with: ["contact_id", "tag"]).run()
    }

    /// Marks the contacts changed at `now` (their tags changed).
    func touch(ids: [UUID], organizationID: UUID, at now: Date) async throws {
        try await db.update(Table.contacts).set("updated_at", to: now)
            .where("organization_id", .equal, organizationID).where("id", .in, ids).run()
    }

    func delete(ids: [UUID], organizationID: UUID) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await db.delete(from: Table.contacts)
            .where("organization_id", .equal, organizationID).where("id", .in, ids)
            .returning("id").all().count
    }
}

extension TaggedContact: LeanRowDecodable {
    init(leanRow row: LeanEngineRow) throws {
        contact = Contact(
            id: try row.convert("id"), organizationId: try row.convert("organization_id"), name: try row.convert("name"),
            nameSearch: try row.convert("name_search"), email: try row.convertIfPresent("email"),
            emailNormalized: try row.convertIfPresent("email_normalized"), phone: try row.convertIfPresent("phone"),
            company: try row.convertIfPresent("company"), timezone: try row.convertIfPresent("timezone"),
            status: try row.enumValue("status"), notes: try row.convertIfPresent("notes"), metadata: try row.convert("metadata"),
            source: try row.convertIfPresent("source"), sourceId: try row.convertIfPresent("source_id"),
            consentAt: try row.convertIfPresent("consent_at"), createdAt: try row.convert("created_at"), updatedAt: try row.convert("updated_at"))
        tags = try Self.sortedStrings(inJSONArray: try row.convert("tag_list"))
    }
}
