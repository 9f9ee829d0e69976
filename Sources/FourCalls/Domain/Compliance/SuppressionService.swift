import Foundation
import NIOCore
import SQLKit

/// The suppression list (CONTRACT section 12): phones no campaign of the organization
/// calls. Added by hand, by CSV, or by an opt-out at the end of a call.
struct SuppressionService: Sendable {
    let storage: any Storage
    let clock: any AppClock

    static let notFound = APIError.notFound("This phone is not suppressed.")
    /// The largest suppression CSV: a million rows of a phone and a short reason.
    static let maxImportBytes = 50 << 20
    static let importChunkRows = 500

    func list(_ organizationID: UUID, page: PageRequest) async throws -> Paged<Suppression> {
        try await storage.read { db in
            try await SuppressionRepository(db: db).rows.page(organizationID: organizationID, page) { $0 }
        }
    }

    /// Suppresses the (normalized) phone; an existing entry is returned unchanged.
    func add(phone: String, reason: String?, in organizationID: UUID) async throws -> (Suppression, created: Bool) {
        let now = clock.now()
        return try await storage.transaction { db in
            try await SuppressionRepository(db: db).insertIfAbsent(
                Suppression(
                    id: UUID.random(), organizationId: organizationID, phone: phone, reason: reason ?? Suppression.manualReason,
                    contactId: nil, callId: nil, createdAt: now, updatedAt: now))
        }
    }

    func remove(phone: String, in organizationID: UUID) async throws {
        let deleted = try await storage.transaction { db in
            try await SuppressionRepository(db: db).delete(phone: phone, organizationID: organizationID)
        }
        if !deleted { throw Self.notFound }
    }

    // MARK: Import

    /// A CSV with a header naming `phone` (and optionally `reason`): each row suppresses
    /// its phone (`created`) or, already suppressed, sets the reason given (`updated`). A
    /// bad row is reported with its line and nothing of it is written.
    func importCSV<Bytes: AsyncSequence>(_ bytes: Bytes, organization: Organization) async throws -> ImportReport
    where Bytes.Element == ByteBuffer {
        var parser = CSVParser()
        var columns: (phone: Int, reason: Int?)?
        var report = ImportReport()
        var pending: [String: String?] = [:]
        var pendingOrder: [String] = []
        var received = 0

        func flush() async throws {
            guard !pendingOrder.isEmpty else { return }
            let rows = pendingOrder.map { ($0, pending[$0] ?? nil) }
            pending.removeAll(keepingCapacity: true)
            pendingOrder.removeAll(keepingCapacity: true)
            let now = clock.now()
            let (created, updated) = try await storage.transaction { db in
                try await Self.write(rows, organizationID: organization.id, now: now, on: db)
            }
            report.created += created
            report.updated += updated
        }

        func handle(_ record: CSVParser.Record) async throws {
            guard let found = columns else {
                let names = record.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let phone = names.firstIndex(of: "phone") else {
                    throw APIError.validation(field: "file", "The header row must name a phone column (phone,reason).")
                }
                columns = (phone, names.firstIndex(of: "reason"))
                return
            }
            var errors = FieldErrors()
            let cell = { (index: Int?) -> String? in
                guard let index, index < record.fields.count else { return nil }
                let text = record.fields[index].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            let phone = cell(found.phone).flatMap { PhoneNumber.normalize($0, countryCode: organization.countryCode) }
            if record.oversized {
                errors.add("row", "The row is longer than \(parser.maxRecordBytes / 1024) KB.")
            } else if cell(found.phone) == nil {
                errors.add("phone", "The phone field is required.")
            } else if phone == nil {
                errors.add("phone", "The phone field must be a valid phone number (E.164 such as +15551234567, or a national number).")
            }
            let reason = cell(found.reason)
            if let reason, let problem = TextLimits.lineProblem(reason, maxLength: TextLimits.line) {
                errors.add("reason", "The reason \(problem).")
            }
            guard errors.isEmpty, let phone else {
                report.fail(row: record.line, errors: errors.messages)
                return
            }
            // A phone repeated in the file: the later row's reason wins (a row without one keeps it).
            if pending[phone] == nil {
                pendingOrder.append(phone)
                pending[phone] = .some(reason)
            } else if let reason {
                pending[phone] = .some(reason)
            }
            if pendingOrder.count >= Self.importChunkRows { try await flush() }
        }

        for try await buffer in bytes {
            received += buffer.readableBytes
            if received > Self.maxImportBytes { throw APIError.payloadTooLarge }
            for record in parser.feed(buffer.readableBytesView) { try await handle(record) }
        }
        if let last = parser.finish() { try await handle(last) }
        if columns == nil { throw APIError.validation(field: "file", "The CSV file is empty: it needs a header row (phone,reason).") }
        try await flush()
        return report
    }

    private static func write(_ rows: [(String, String?)], organizationID: UUID, now: Date, on db: any SQLDatabase) async throws
        -> (created: Int, updated: Int)
    {
        let suppressions = SuppressionRepository(db: db)
        let existing = try await suppressions.suppressed(among: rows.map(\.0), organizationID: organizationID)
        var created = 0
        for (phone, reason) in rows {
            if existing.contains(phone) {
                if let reason { try await suppressions.setReason(reason, phone: phone, organizationID: organizationID, at: now) }
                continue
            }
            let (_, inserted) = try await suppressions.insertIfAbsent(
                Suppression(
                    id: UUID.random(), organizationId: organizationID, phone: phone, reason: reason ?? Suppression.manualReason,
                    contactId: nil, callId: nil, createdAt: now, updatedAt: now))
            if inserted { created += 1 }
        }
        return (created, rows.count - created)
    }

    // MARK: Opt-out

    /// Whether an interaction's or call's outcome says the person asked not to be called.
    static func isOptOut(_ outcome: String?) -> Bool {
        guard let outcome else { return false }
        let normalized = outcome.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        return ["opt_out", "opted_out", "do_not_call"].contains(normalized)
    }

    /// An opt-out at the end of a call: the contact's phone (else the call's number) is
    /// suppressed at once with reason `opt_out` and the call recorded, and the contact
    /// becomes `do_not_contact` (`contact.updated`). In the caller's transaction.
    static func optOut(
        contactID: UUID?, number: String?, callID: UUID?, organizationID: UUID, now: Date, on db: any SQLDatabase
    ) async throws {
        let contact = try await contactID.asyncFlatMap { try await TenantRows<Contact>(db: db).find(id: $0, organizationID: organizationID) }
        var phone = contact?.phone
        if phone == nil, let number, let organization = try await OrganizationRepository(db: db).find(id: organizationID) {
            phone = PhoneNumber.normalize(number, countryCode: organization.countryCode)
        }
        if let phone {
            _ = try await SuppressionRepository(db: db).insertIfAbsent(
                Suppression(
                    id: UUID.random(), organizationId: organizationID, phone: phone, reason: Suppression.optOutReason,
                    contactId: contact?.id, callId: callID, createdAt: now, updatedAt: now))
        }
        if let contact {
            var change = ContactInput()
            change.status = .doNotContact
            _ = try await ContactService.update(contact, with: change, now: now, on: db)
        }
    }
}
