import Foundation
import NIOCore
import SQLKit

/// CSV import of contacts: a header row naming the columns (`name`, `email`, `phone`,
/// `company`, `tags`; also `timezone`, `status`, `notes`, `consent_at`), one contact per row, upserted by
/// e-mail or phone. A bad row is reported and skipped.
///
/// The file is read as it arrives and written in chunks of `chunkRows` rows, each chunk in a
/// transaction of its own: memory stays bounded whatever the file's size, and other writes
/// (this organization's and every other's) go on between chunks instead of waiting for the
/// whole file (CONTRACT section 4). A failure leaves the chunks before it imported.
struct ContactImport: Sendable {
    static let knownColumns: Set<String> = ["name", "email", "phone", "company", "tags", "timezone", "status", "notes", "consent_at"]
    static let chunkRows = 200
    /// Imports creating this many contacts refresh the table's planner statistics.
    static let statisticsRows = 10_000
    /// The largest CSV body (CONTRACT section 2).
    static let maxBytes = 50 << 20

    let storage: any Storage
    let clock: any AppClock

    /// What is known of an import while it runs.
    struct Progress: Sendable {
        var rowsProcessed = 0
        var report = ImportReport()
    }

    /// Imports a whole text (operator tools, demo data).
    func run(csv: String, organization: Organization) async throws -> ImportReport {
        try await run(bytes: AsyncStream { continuation in
            continuation.yield(ByteBuffer(string: csv))
            continuation.finish()
        }, organization: organization)
    }

    /// Imports the CSV bytes as they come; `progress` hears after every chunk written.
    func run<Bytes: AsyncSequence>(
        bytes: Bytes, organization: Organization, progress: (Progress) async throws -> Void = { _ in }
    ) async throws -> ImportReport where Bytes.Element == ByteBuffer {
        var parser = CSVParser()
        var columns: [String]?
        var state = Progress()
        var pending: [ContactInput] = []
        var received = 0

        func flush() async throws {
            if !pending.isEmpty {
                let rows = pending
                let now = clock.now()
                let (created, updated) = try await storage.transaction { db in
                    try await Self.write(rows, organizationID: organization.id, now: now, on: db)
                }
                state.report.created += created
                state.report.updated += updated
                pending.removeAll(keepingCapacity: true)
            }
            try await progress(state)
        }

        func handle(_ record: CSVParser.Record) async throws {
            guard let columns else {
                columns = try Self.columns(of: record)
                return
            }
            state.rowsProcessed += 1
            var fields = FieldReader(Self.object(of: record, columns: columns))
            let input = ContactInput.read(&fields, creating: true, countryCode: organization.countryCode)
            if record.oversized { fields.fail("row", "The row is longer than \(parser.maxRecordBytes / 1024) KB.") }
            if fields.errors.isEmpty {
                pending.append(input)
                if pending.count >= Self.chunkRows { try await flush() }
            } else {
                state.report.fail(row: record.line, errors: fields.errors)
            }
        }

        for try await buffer in bytes {
            received += buffer.readableBytes
            if received > Self.maxBytes { throw APIError.payloadTooLarge }
            for record in parser.feed(buffer.readableBytesView) { try await handle(record) }
        }
        if let last = parser.finish() { try await handle(last) }
        if columns == nil {
            throw APIError.validation(field: "file", "The CSV file is empty: it needs a header row (name,email,phone,company,tags).")
        }
        try await flush()
        // A large import changes what the planner should know of the table (PostgreSQL would
        // otherwise plan searches on stale figures until its autovacuum comes by).
        if state.report.created >= Self.statisticsRows {
            try await storage.read { db in try await ContactRepository(db: db).refreshStatistics() }
        }
        // The parsed rows are gone: give their memory back rather than keep it idle.
        await MemoryTrim.release()
        return state.report
    }

    private static func columns(of header: CSVParser.Record) throws -> [String] {
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard columns.contains("name") else {
            throw APIError.validation(field: "file", "The header row must name a name column (name,email,phone,company,tags).")
        }
        return columns
    }

    /// A row as the JSON object `ContactInput` reads (tags split on `;`, `|` or `,`).
    private static func object(of record: CSVParser.Record, columns: [String]) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        for (index, column) in columns.enumerated() where knownColumns.contains(column) && index < record.fields.count {
            let cell = record.fields[index].trimmingCharacters(in: .whitespaces)
            guard !cell.isEmpty else { continue }
            if column == "tags" {
                object[column] = .array(cell.split(whereSeparator: { $0 == ";" || $0 == "|" || $0 == "," }).map { .string(String($0)) })
            } else {
                object[column] = .string(cell)
            }
        }
        return object
    }

    /// Upserts the rows: each is matched to a contact by e-mail, then phone, among the
    /// organization's contacts and the rows before it. Matches are updated one by one; new
    /// contacts, their tags and their events are inserted in batches. Counts are per row:
    /// `created + updated` is the number of valid rows.
    private static func write(_ inputs: [ContactInput], organizationID: UUID, now: Date, on db: any SQLDatabase) async throws -> (created: Int, updated: Int) {
        let contacts = ContactRepository(db: db)
        var byEmail: [String: UUID] = [:]
        var byPhone: [String: UUID] = [:]
        // The organization's contacts these rows can match (by their e-mails and phones), the
        // oldest first: a chunk reads a few hundred rows, never the whole organization.
        let emails = Set(inputs.compactMap { ($0.email ?? nil).map(EmailAddress.normalized) })
        let phones = Set(inputs.compactMap { $0.phone ?? nil })
        for (id, email, phone) in try await contacts.keys(emails: emails, phones: phones, organizationID: organizationID) {
            if let email, byEmail[email] == nil { byEmail[email] = id }
            if let phone, byPhone[phone] == nil { byPhone[phone] = id }
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
            try await contacts.insert(chunk.map { ($0.contact, $0.tags) }, organizationID: organizationID)
        }
        try await EventRecorder.record(
            inserts.map { PendingEvent(name: .contactCreated, organizationID: organizationID, data: .contact(TaggedContact(contact: $0.contact, tags: $0.tags.sorted()))) },
            at: now, on: db)
        return (inserts.count, updatedRows)
    }
}
