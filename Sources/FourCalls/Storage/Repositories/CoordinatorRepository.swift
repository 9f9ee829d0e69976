import Foundation
import SQLKit

/// SQL of the coordinators' listing beyond the common rows (`TenantRows<Coordinator>`).
struct CoordinatorRepository {
    let db: any SQLDatabase

    /// A page of the organization's coordinators, optionally of one status.
    func page(organizationID: UUID, status: CoordinatorStatus?, _ page: PageRequest) async throws -> Paged<Coordinator> {
        try await TenantRows<Coordinator>(db: db).page(organizationID: organizationID, page) { select in
            status.map { select.where("status", .equal, $0.rawValue) } ?? select
        }
    }
}
