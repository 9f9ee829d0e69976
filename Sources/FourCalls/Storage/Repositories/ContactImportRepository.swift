import Foundation
import SQLKit

/// SQL for `contact_imports`.
struct ContactImportRepository {
    let db: any SQLDatabase
    private var rows: TenantRows<ContactImportJob> { TenantRows(db: db) }

    func insert(_ job: ContactImportJob) async throws { try await rows.insert(job) }

    func update(_ job: ContactImportJob) async throws { try await rows.update(job, id: job.id, organizationID: job.organizationId) }

    func find(id: UUID, organizationID: UUID) async throws -> ContactImportJob? { try await rows.find(id: id, organizationID: organizationID) }
}
