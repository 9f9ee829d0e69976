import Foundation
import SQLKit

/// A named group of contacts (campaigns call lists). Rows of `contact_lists`; members in
/// `contact_list_members`.
struct ContactList: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    var name: String
    var description: String?
    let createdAt: Date
    var updatedAt: Date
}

struct CountedContactList: Sendable {
    let list: ContactList
    let contactCount: Int
}

/// Contact lists and their membership.
struct ContactListService: Sendable {
    let storage: any Storage
    let clock: any AppClock

    static let notFound = APIError.notFound("Contact list not found.")

    private static func rows(_ db: any SQLDatabase) -> TenantRows<ContactList> { TenantRows(db: db) }

    private static func counts(of ids: [UUID], on db: any SQLDatabase) async throws -> [UUID: Int] {
        try await ContactListRepository(db: db).memberCounts(of: ids)
    }

    private static func counted(_ list: ContactList, on db: any SQLDatabase) async throws -> CountedContactList {
        CountedContactList(list: list, contactCount: try await counts(of: [list.id], on: db)[list.id] ?? 0)
    }

    func list(_ organizationID: UUID, page: PageRequest) async throws -> Paged<CountedContactList> {
        try await storage.read { db in
            let lists = try await Self.rows(db).page(organizationID: organizationID, page)
            let counts = try await Self.counts(of: lists.items.map(\.id), on: db)
            return lists.map { CountedContactList(list: $0, contactCount: counts[$0.id] ?? 0) }
        }
    }

    func find(_ id: UUID, in organizationID: UUID) async throws -> CountedContactList {
        try await storage.read { db in
            guard let list = try await Self.rows(db).find(id: id, organizationID: organizationID) else { throw Self.notFound }
            return try await Self.counted(list, on: db)
        }
    }

    func create(in organizationID: UUID, name: String, description: String?) async throws -> CountedContactList {
        let now = clock.now()
        let list = ContactList(id: UUID.random(), organizationId: organizationID, name: name, description: description, createdAt: now, updatedAt: now)
        try await storage.transaction { db in try await Self.rows(db).insert(list) }
        return CountedContactList(list: list, contactCount: 0)
    }

    func update(_ id: UUID, in organizationID: UUID, name: String?, description: String??) async throws -> CountedContactList {
        let now = clock.now()
        return try await storage.transaction { db in
            guard var list = try await Self.rows(db).find(id: id, organizationID: organizationID) else { throw Self.notFound }
            if let name { list.name = name }
            if let description { list.description = description }
            list.updatedAt = now
            try await Self.rows(db).update(list, id: id, organizationID: organizationID)
            return try await Self.counted(list, on: db)
        }
    }

    func delete(_ id: UUID, in organizationID: UUID) async throws {
        let deleted = try await storage.transaction { db in try await Self.rows(db).delete(id: id, organizationID: organizationID) }
        if !deleted { throw Self.notFound }
    }

    /// Adds (or removes) contacts; ids that are not the organization's contacts are a 422.
    func changeMembers(of id: UUID, in organizationID: UUID, contactIDs: [UUID], add: Bool) async throws -> CountedContactList {
        let now = clock.now()
        return try await storage.transaction { db in
            guard let list = try await Self.rows(db).find(id: id, organizationID: organizationID) else { throw Self.notFound }
            let found = Set(try await ContactRepository(db: db).rows.find(ids: contactIDs, organizationID: organizationID).map(\.id))
            var errors = FieldErrors()
            for (index, contactID) in contactIDs.enumerated() where !found.contains(contactID) {
                errors.add("contact_ids.\(index)", "No contact with this id in the organization.")
            }
            if !errors.isEmpty { throw APIError.validation(errors.messages) }
            let members = ContactListRepository(db: db)
            if add { try await members.add(found, to: id, at: now) } else { try await members.remove(found, from: id) }
            return try await Self.counted(list, on: db)
        }
    }

    /// The contacts of a list, in the order they were added (then oldest first).
    func contacts(of id: UUID, in organizationID: UUID, page: PageRequest) async throws -> Paged<TaggedContact> {
        try await storage.read { db in
            guard try await Self.rows(db).find(id: id, organizationID: organizationID) != nil else { throw Self.notFound }
            return try await ContactListRepository(db: db).contacts(of: id, organizationID: organizationID, page: page)
        }
    }
}
