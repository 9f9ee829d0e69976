import Foundation

/// A CSV import running in the background (`POST .../contacts/import?async=true`): what the
/// console's progress bar reads from `GET .../contacts/imports/{id}`.
struct ContactImportJob: Codable, Sendable {
    enum Status: String, Codable, Sendable {
        case running, done, failed
    }

    let id: UUID
    let organizationId: UUID
    var status: Status
    var rowsProcessed: Int
    var created: Int
    var updated: Int
    var failed: Int
    /// `[ImportReport.RowError]` as JSON.
    var errors: String

    /// `errors` read back.
    var rowErrors: [ImportReport.RowError] {
        (try? JSONCoding.decoder.decode([ImportReport.RowError].self, from: Data(errors.utf8))) ?? []
    }
    /// Why the job failed (`status` `failed`).
    var error: String?
    let createdAt: Date
    var updatedAt: Date
    var finishedAt: Date?

    init(id: UUID, organizationID: UUID, now: Date) {
        self.id = id
        organizationId = organizationID
        status = .running
        rowsProcessed = 0
        created = 0
        updated = 0
        failed = 0
        errors = "[]"
        error = nil
        createdAt = now
        updatedAt = now
        finishedAt = nil
    }

    mutating func record(_ progress: ContactImport.Progress, now: Date) {
        rowsProcessed = progress.rowsProcessed
        created = progress.report.created
        updated = progress.report.updated
        failed = progress.report.failed
        errors = (try? String(decoding: JSONCoding.encoder.encode(progress.report.errors), as: UTF8.self)) ?? "[]"
        updatedAt = now
    }
}
