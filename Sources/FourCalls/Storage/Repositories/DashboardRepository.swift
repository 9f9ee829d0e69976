import Foundation
import SQLKit

/// SQL of the dashboard's counts.
struct DashboardRepository {
    let db: any SQLDatabase

    private func count(_ table: Table, _ organizationID: UUID, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }) async throws -> Int {
        try await filter(db.select().column(SQLRaw("COUNT(*)"), as: "count").from(table).where("organization_id", .equal, organizationID))
            .first(decodingColumn: "count", as: Int.self) ?? 0
    }

    /// Appointments not cancelled: all of them, and those scheduled in `today`.
    func liveAppointments(_ organizationID: UUID, today: Range<Date>) async throws -> (total: Int, today: Int) {
        let live: (SQLSelectBuilder) -> SQLSelectBuilder = { $0.where("status", .notEqual, AppointmentStatus.cancelled.rawValue) }
        let total = try await count(.appointments, organizationID, live)
        let ofToday = try await count(.appointments, organizationID) {
            live($0).where("scheduled_at", .greaterThanOrEqual, today.lowerBound).where("scheduled_at", .lessThan, today.upperBound)
        }
        return (total, ofToday)
    }

    func contacts(_ organizationID: UUID) async throws -> Int {
        try await count(.contacts, organizationID)
    }

    func activeCoordinators(_ organizationID: UUID) async throws -> Int {
        try await count(.coordinators, organizationID) { $0.where("status", .equal, CoordinatorStatus.active.rawValue) }
    }
}
