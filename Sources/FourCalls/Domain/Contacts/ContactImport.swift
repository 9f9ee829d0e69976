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
            var created = 0
            var updated = 0
            let contacts = ContactRepository(db: db)
            for row in valid {
                let email = row.input.email ?? nil
                let phone = row.input.phone ?? nil
                if let existing = try await contacts.find(email: email, phone: phone, organizationID: organizationID) {
                    var input = row.input
                    // Imported tags are added to the contact's tags, not swapped for them.
                    if let tags = input.tags {
                        try await contacts.addTags(tags, to: existing.id, organizationID: organizationID)
                        input.tags = nil
                    }
                    _ = try await ContactService.update(existing, with: input, now: now, on: db)
                    updated += 1
                } else {
                    _ = try await ContactService.insert(row.input, organizationID: organizationID, now: now, on: db)
                    created += 1
                }
            }
            return (created, updated)
        }
        report.created = created
        report.updated = updated
        return report
    }
}
