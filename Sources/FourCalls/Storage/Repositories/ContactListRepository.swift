import Foundation
import SQLKit

/// SQL for `contact_list_members` (the lists themselves are `TenantRows<ContactList>`).
struct ContactListRepository {
    let db: any SQLDatabase

    /// Members of each list.
    func memberCounts(of ids: [UUID]) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.select().column("contact_list_id").column(SQLRaw("COUNT(*)"), as: "count")
            .from(Table.contactListMembers).where("contact_list_id", .in, ids).groupBy("contact_list_id").all()
        var counts: [UUID: Int] = [:]
        for row in rows {
            counts[try row.decode(column: "contact_list_id", as: UUID.self)] = try row.decode(column: "count", as: Int.self)
        }
        return counts
    }

    /// Adds the contacts (those already in the list stay as they were).
    func add(_ contactIDs: Set<UUID>, to id: UUID, at now: Date) async throws {
        guard !contactIDs.isEmpty else { return }
        var insert = db.insert(into: Table.contactListMembers).columns("contact_list_id", "contact_id", "added_at")
        for contactID in contactIDs { insert = insert.values(SQLBind(id), SQLBind(contactID), SQLBind(now)) }
        try await insert.ignoringConflicts(with: ["contact_list_id", "contact_id"]).run()
    }

    func remove(_ contactIDs: Set<UUID>, from id: UUID) async throws {
        guard !contactIDs.isEmpty else { return }
        try await db.delete(from: Table.contactListMembers)
            .where("contact_list_id", .equal, id).where("contact_id", .in, Array(contactIDs)).run()
    }

    /// The contacts of a list, in the order they were added (then oldest first).
    func contacts(of id: UUID, organizationID: UUID, page: PageRequest) async throws -> Paged<TaggedContact> {
        try await Paged.fetch(db, page: page, decoding: TaggedContact.self, columns: ContactRepository.taggedColumns) { select in
            select.from(Table.contacts)
                .join(Table.contactListMembers, on: SQLColumn("contact_id", table: Table.contactListMembers), .equal, SQLColumn("id", table: Table.contacts))
                .where(SQLColumn("contact_list_id", table: Table.contactListMembers), .equal, SQLBind(id))
                .where(SQLColumn("organization_id", table: Table.contacts), .equal, SQLBind(organizationID))
        } order: { select in
            select.orderBy(SQLColumn("added_at", table: Table.contactListMembers))
                .orderBy(SQLColumn("created_at", table: Table.contacts)).orderBy(SQLColumn("id", table: Table.contacts))
        }
    }
}
