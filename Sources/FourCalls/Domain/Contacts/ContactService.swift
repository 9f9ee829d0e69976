import Foundation
import SQLKit

/// Contacts: CRUD, bulk tagging and CSV import, each write with its event.
struct ContactService: Sendable {
    let storage: any Storage
    let clock: any AppClock

    func list(_ organizationID: UUID, filter: ContactFilter, page: PageRequest) async throws -> Paged<TaggedContact> {
        try await storage.heavyRead { db in
            try await ContactRepository(db: db).list(organizationID: organizationID, filter: filter, page: page)
        }
    }

    func find(_ id: UUID, in organizationID: UUID) async throws -> TaggedContact {
        let found = try await storage.read { db in try await ContactRepository(db: db).find(id: id, organizationID: organizationID) }
        guard let found else { throw Self.notFound }
        return found
    }

    static let notFound = APIError.notFound("Contact not found.")

    /// The names of the organization's contacts among `ids` (others are left out).
    func names(_ ids: [UUID], in organizationID: UUID) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let found = try await storage.read { db in
            try await TenantRows<Contact>(db: db).find(ids: Array(Set(ids)), organizationID: organizationID)
        }
        return Dictionary(found.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    func create(in organizationID: UUID, _ input: ContactInput) async throws -> TaggedContact {
        let now = clock.now()
        return try await storage.transaction { db in
            try await Self.insert(input, organizationID: organizationID, now: now, on: db)
        }
    }

    /// Inserts a contact with its tags and records `contact.created`.
    static func insert(_ input: ContactInput, organizationID: UUID, now: Date, on db: any SQLDatabase) async throws -> TaggedContact {
        let contacts = ContactRepository(db: db)
        let contact = input.makeContact(organizationID: organizationID, now: now)
        let tags = input.tags ?? []
        try await contacts.insert([(contact, tags)], organizationID: organizationID)
        let tagged = TaggedContact(contact: contact, tags: tags.sorted())
        try await EventRecorder.record(.contactCreated, organizationID: organizationID, data: .contact(tagged), at: now, on: db)
        return tagged
    }

    func update(_ id: UUID, in organizationID: UUID, with input: ContactInput) async throws -> TaggedContact {
        let now = clock.now()
        return try await storage.transaction { db in
            guard let existing = try await ContactRepository(db: db).rows.find(id: id, organizationID: organizationID) else {
                throw Self.notFound
            }
            return try await Self.update(existing, with: input, now: now, on: db)
        }
    }

    /// Writes the changes (tags replaced when given) and records `contact.updated`.
    static func update(_ existing: Contact, with input: ContactInput, now: Date, on db: any SQLDatabase) async throws -> TaggedContact {
        let contacts = ContactRepository(db: db)
        var contact = existing
        input.apply(to: &contact)
        contact.updatedAt = now
        try await contacts.rows.update(contact, id: contact.id, organizationID: contact.organizationId)
        if let tags = input.tags { try await contacts.replaceTags(tags, of: contact.id, organizationID: contact.organizationId) }
        let tagged = TaggedContact(contact: contact, tags: try await contacts.tags(of: [contact.id])[contact.id] ?? [])
        try await EventRecorder.record(.contactUpdated, organizationID: contact.organizationId, data: .contact(tagged), at: now, on: db)
        return tagged
    }

    func delete(_ id: UUID, in organizationID: UUID) async throws {
        let deleted = try await storage.transaction { db in
            let deleted = try await ContactRepository(db: db).rows.delete(id: id, organizationID: organizationID)
            // Its appointments go with it (ON DELETE CASCADE).
            if deleted { try await ScheduleVersion.raise(organizationID, on: db) }
            return deleted
        }
        if !deleted { throw Self.notFound }
    }

    /// Adds (or with `remove`, removes) tags on the organization's contacts among `ids`;
    /// returns how many contacts were found. Each records `contact.updated`.
    func bulkTag(_ ids: [UUID], tags: [String], remove: Bool, in organizationID: UUID) async throws -> Int {
        let now = clock.now()
        return try await storage.transaction { db in
            let contacts = ContactRepository(db: db)
            let found = try await contacts.rows.find(ids: ids, organizationID: organizationID)
            let foundIDs = found.map(\.id)
            if remove {
                try await contacts.removeTags(tags, from: foundIDs)
            } else {
                try await contacts.addTags(foundIDs.map { ($0, tags) }, organizationID: organizationID)
            }
            try await contacts.touch(ids: foundIDs, organizationID: organizationID, at: now)
            let allTags = try await contacts.tags(of: foundIDs)
            for var contact in found {
                contact.updatedAt = now
                let tagged = TaggedContact(contact: contact, tags: allTags[contact.id] ?? [])
                try await EventRecorder.record(.contactUpdated, organizationID: organizationID, data: .contact(tagged), at: now, on: db)
            }
            return found.count
        }
    }

    func bulkDelete(_ ids: [UUID], in organizationID: UUID) async throws -> Int {
        try await storage.transaction { db in
            let deleted = try await ContactRepository(db: db).delete(ids: ids, organizationID: organizationID)
            // Their appointments go with them (ON DELETE CASCADE).
            if deleted > 0 { try await ScheduleVersion.raise(organizationID, on: db) }
            return deleted
        }
    }
}
