import Foundation
import SQLKit

/// The guide's six dashboard figures; "today" is the current day in the organization's zone.
/// Appointments count unless cancelled.
struct DashboardMetrics: Encodable, Sendable {
    let total_calls: Int
    let today_calls: Int
    let total_appointments: Int
    let today_appointments: Int
    let total_contacts: Int
    let active_coordinators: Int

    static func compute(for organization: Organization, now: Date, storage: any Storage) async throws -> DashboardMetrics {
        let today = LocalDay(containing: now, in: organization.timeZone).interval(in: organization.timeZone)
        let organizationID = organization.id
        return try await storage.read { db in
            func count(_ table: String, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }) async throws -> Int {
                try await filter(db.select().column(SQLRaw("COUNT(*)"), as: "count").from(table).where("organization_id", .equal, organizationID))
                    .first(decodingColumn: "count", as: Int.self) ?? 0
            }
            let liveAppointments: (SQLSelectBuilder) -> SQLSelectBuilder = {
                $0.where("status", .notEqual, AppointmentStatus.cancelled.rawValue)
            }
            return DashboardMetrics(
                total_calls: try await count("calls"),
                today_calls: try await count("calls") {
                    $0.where("started_at", .greaterThanOrEqual, today.lowerBound).where("started_at", .lessThan, today.upperBound)
                },
                total_appointments: try await count("appointments", liveAppointments),
                today_appointments: try await count("appointments") {
                    liveAppointments($0).where("scheduled_at", .greaterThanOrEqual, today.lowerBound)
                        .where("scheduled_at", .lessThan, today.upperBound)
                },
                total_contacts: try await count("contacts"),
                active_coordinators: try await count("coordinators") { $0.where("status", .equal, CoordinatorStatus.active.rawValue) })
        }
    }
}
