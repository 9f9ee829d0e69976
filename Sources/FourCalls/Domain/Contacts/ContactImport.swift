import Foundation
import SQLKit

/// What a CSV import did: counts, and every failing row with its messages.
struct ContactImportReport: Encodable, Sendable {
    struct RowError: Encodable, Sendable {
        let row: Int
        let errors: [String: [String]]
    }

    var created = 0
    var updated = 0
    var failed = 0
    var errors: [RowError] = []
}

/// CSV import of contacts: a header row naming the columns (`name`, `email`, `phone`,
/// `company`, `tags`; also `timezone`, `status`, `notes`), one contact per row, upserted by
/// e-mail or phone. A bad row is reported and skipped; the good rows are written together
/// in one transaction, so an unexpected failure leaves nothing half-imported.
struct ContactImport: Sendable {
    static let knownColumns: Set<String> = ["name", "email", "phone", "company", "tags", "timezone", "status", "notes"]

    let storage: any Storage
    let clock: any AppClock

    func run(csv: String, organization: Organization) async throws -> ContactImportReport {
        var records = CSVReader(text: csv).makeIterator()
        guard let header = records.next() else {
            throw APIError.validation(field: "file", "The CSV file is empty: it needs a header row (name,email,phone,company,tags).")
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard columns.contains("name") else {
            throw APIError.validation(field: "file", "The header row must name a name column (name,email,phone,company,tags).")
        }
        var rows: [(line: Int, input: ContactInput)] = []
        var report = ContactImportReport()
        while let record = records.next() {
            var object: [String: JSONValue] = [:]
            for (index, column) in columns.enumerated() where Self.knownColumns.contains(column) && index < record.fields.count {
                let cell = record.fields[index].trimmingCharacters(in: .whitespaces)
                guard !cell.isEmpty else { continue }
                if column == "tags" {
                    let tags = cell.split(whereSeparator: { $0 == ";" || $0 == "|" || $0 == "," }).map { JSONValue.string(String($0)) }
                    object[column] = .array(tags)
                } else {
                    object[column] = .string(cell)
                }
            }
            var fields = FieldReader(object)
            let input = ContactInput.read(&fields, creating: true, countryCode: organization.countryCode)
            if !fields.errors.isEmpty {
                report.failed += 1
                report.errors.append(.init(row: record.line, errors: fields.errors))
            } else {
                rows.append((record.line, input))
            }
        }
        let now = clock.now()
        let organizationID = organization.id
        let valid = rows
        let (created, updated) = try await storage.transaction { db -> (Int, Int) in
            try await Self.write(valid.map(\.input), organizationID: organizationID, now: now, on: db)
        }
        report.created = created
        report.updated = updated
        // The parsed rows are gone: give their memory back rather than keep it idle.
        MemoryTrim.release()
        return report
    }

    /// Upserts the rows: each is matched to a contact by e-mail, then phone, among the
    /// organization's contacts and the rows before it. Matches are updated one by one; new
    /// contacts, their tags and their events are inserted in batches. Counts are per row:
    /// `created + updated` is the number of valid rows.
    private static func write(_ inputs: [ContactInput], organizationID: UUID, now: Date, on db: any SQLDatabase) async throws -> (created: Int, updated: Int) {
        let contacts = ContactRepository(db: db)
        var byEmail: [String: UUID] = [:]
        var byPhone: [String: UUID] = [:]
        for row in try await db.select().column("id").column("email_normalized").column("phone").from("contacts")
            .where("organization_id", .equal, organizationID).all()
        {
            let id = try row.decode(column: "id", as: UUID.self)
            if let email = try row.decode(column: "email_normalized", as: String?.self), byEmail[email] == nil { byEmail[email] = id }
            if let phone = try row.decode(column: "phone", as: String?.self), byPhone[phone] == nil { byPhone[phone] = id }
        }
        var fresh: [UUID: (contact: Contact, tags: [String])] = [:]
        var freshOrder: [UUID] = []
        var updatedRows = 0
        for input in inputs {
            let email = (input.email ?? nil).map(EmailAddress.normalized)
            let phone = input.phone ?? nil
            let match = email.flatMap { byEmail[$0] } ?? phone.flatMap { byPhone[$0] }
            var id: UUID
            if let match, var pending = fresh[match] {
                // A row repeating one earlier in the file: merge into the contact to insert.
                input.apply(to: &pending.contact)
                pending.tags = ContactInput.cleanTags(pending.tags + (input.tags ?? []))
                fresh[match] = pending
                updatedRows += 1
                id = match
            } else if let match, let existing = try await contacts.rows.find(id: match, organizationID: organizationID) {
                var changes = input
                // Imported tags are added to the contact's tags, not swapped for them.
                if let tags = changes.tags {
                    try await contacts.addTags(tags, to: existing.id, organizationID: organizationID)
                    changes.tags = nil
                }
                _ = try await ContactService.update(existing, with: changes, now: now, on: db)
                updatedRows += 1
                id = existing.id
            } else {
                let contact = input.makeContact(organizationID: organizationID, now: now)
                fresh[contact.id] = (contact, input.tags ?? [])
                freshOrder.append(contact.id)
                id = contact.id
            }
            if let email, byEmail[email] == nil { byEmail[email] = id }
            if let phone, byPhone[phone] == nil { byPhone[phone] = id }
        }
        let inserts = freshOrder.compactMap { fresh[$0] }
        for chunk in inserts.chunks(of: 500) {
            try await contacts.rows.insert(chunk.map(\.contact))
            var tagInsert = db.insert(into: "contact_tags").columns("contact_id", "organization_id", "tag")
            var hasTags = false
            for (contact, tags) in chunk {
                for tag in tags {
                    tagInsert = tagInsert.values(SQLBind(contact.id), SQLBind(organizationID), SQLBind(tag))
                    hasTags = true
                }
            }
            if hasTags { try await tagInsert.ignoringConflicts(with: ["contact_id", "tag"]).run() }
        }
        try await EventRecorder.record(
            inserts.map { PendingEvent(name: .contactCreated, organizationID: organizationID, data: ContactResponse(TaggedContact(contact: $0.contact, tags: $0.tags.sorted()))) },
            at: now, on: db)
        return (inserts.count, updatedRows)
    }
}
