import Foundation

/// The dashboard's figures per organization and local day, reused while nothing was written.
typealias DashboardCache = CommittedReadCache<DashboardMetrics.CacheKey, DashboardMetrics>

/// The guide's six dashboard figures; "today" is the current day in the organization's zone.
/// Appointments count unless cancelled.
struct DashboardMetrics: Encodable, Sendable {
    let total_calls: Int
    let today_calls: Int
    let total_appointments: Int
    let today_appointments: Int
    let total_contacts: Int
    let active_coordinators: Int

    struct CacheKey: Hashable, Sendable {
        let organizationID: UUID
        let day: String
    }

    /// The figures of `organization` now, from `cache` while nothing was written since.
    static func current(for organization: Organization, now: Date, storage: any Storage, cache: DashboardCache) async throws
        -> DashboardMetrics
    {
        let day = LocalDay(containing: now, in: organization.timeZone)
        let commits = storage.changes.commits
        return try await cache.value(.init(organizationID: organization.id, day: day.text), commits: commits) {
            try await compute(for: organization, day: day, storage: storage)
        }
    }

    static func compute(for organization: Organization, day: LocalDay, storage: any Storage) async throws -> DashboardMetrics {
        let today = day.interval(in: organization.timeZone)
        let organizationID = organization.id
        return try await storage.read { db in
            let counts = DashboardRepository(db: db)
            // Calls from their per-day totals (kept with every call): a few hundred rows, not every call.
            let calls = try await CallTotals.read(organizationID: organizationID, days: (nil, nil), status: nil, direction: nil, on: db)
            let appointments = try await counts.liveAppointments(organizationID, today: today)
            return DashboardMetrics(
                total_calls: calls.byDay.values.reduce(0, +), today_calls: calls.byDay[day.text] ?? 0,
                total_appointments: appointments.total, today_appointments: appointments.today,
                total_contacts: try await counts.contacts(organizationID),
                active_coordinators: try await counts.activeCoordinators(organizationID))
        }
    }
}
