import Foundation
import Hummingbird

extension ImportReport: ResponseEncodable {}

/// 202 for `?async=true`.
struct ContactImportStarted: ResponseEncodable, Sendable {
    let id: String
    let status: String
}

/// `GET .../contacts/imports/{id}`: where a background import stands.
struct ContactImportResponse: ResponseEncodable, Sendable {
    let id: String
    let status: String
    let rows_processed: Int
    let created: Int
    let updated: Int
    let failed: Int
    let errors: [ImportReport.RowError]
    @Nullable var error: String?
    let created_at: Date
    let updated_at: Date
    @Nullable var finished_at: Date?

    init(_ job: ContactImportJob) {
        id = job.id.api
        status = job.status.rawValue
        rows_processed = job.rowsProcessed
        created = job.created
        updated = job.updated
        failed = job.failed
        errors = job.rowErrors
        error = job.error
        created_at = job.createdAt
        updated_at = job.updatedAt
        finished_at = job.finishedAt
    }
}
