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

    /// The figures of `organization` now, from `cache` while nothing was written since.
    static func current(for organization: Organization, now: Date, storage: any Storage, cache: DashboardCache) async throws
        -> DashboardMetrics
    {
        let day = LocalDay(containing: now, in: organization.timeZone)
        let commits = storage.changes.commits
        return try await cache.metrics(.init(organizationID: organization.id, day: day.text), commits: commits) {
            try await compute(for: organization, day: day, storage: storage)
        }
    }

    static func compute(for organization: Organization, day: LocalDay, storage: any Storage) async throws -> DashboardMetrics {
        let today = day.interval(in: organization.timeZone)
        let organizationID = organization.id
        return try await storage.read { db in
            func count(_ table: String, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }) async throws -> Int {
                try await filter(db.select().column(SQLRaw("COUNT(*)"), as: "count").from(table).where("organization_id", .equal, organizationID))
                    .first(decodingColumn: "count", as: Int.self) ?? 0
            }
            let liveAppointments: (SQLSelectBuilder) -> SQLSelectBuilder = {
                $0.where("status", .notEqual, AppointmentStatus.cancelled.rawValue)
            }
            // Calls from their per-day totals (kept with every call): a few hundred rows, not every call.
            let calls = try await CallTotals.read(organizationID: organizationID, days: (nil, nil), status: nil, direction: nil, on: db)
            return DashboardMetrics(
                total_calls: calls.byDay.values.reduce(0, +),
                today_calls: calls.byDay[day.text] ?? 0,
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
