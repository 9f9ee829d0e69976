import Foundation
import SQLKit

/// Per-day call totals (`call_daily_totals`): for each organization, local day (in its
/// time zone), status and direction, the number of calls and their summed duration. Call
/// statistics read these few rows instead of grouping every call. Kept in step by
/// `CallService.insert` (the one way calls are written), rebuilt when the organization's
/// time zone changes.
enum CallTotals {
    /// Counts one new call.
    static func add(_ call: Call, on db: any SQLDatabase) async throws {
        let zone = try await db.select().column("timezone").from(Table.organizations).where("id", .equal, call.organizationId)
            .first(decodingColumn: "timezone", as: String.self)
        let day = LocalDay(containing: call.startedAt, in: TimeZone(identifier: zone ?? "UTC") ?? .gmt).text
        try await db.raw(
            """
            INSERT INTO call_daily_totals (organization_id, day, status, direction, calls, duration_seconds)
            VALUES (\(bind: call.organizationId), \(bind: day), \(bind: call.status.rawValue), \(bind: call.direction.rawValue), 1, \(bind: call.durationSeconds))
            ON CONFLICT (organization_id, day, status, direction) DO UPDATE SET
                calls = call_daily_totals.calls + 1,
                duration_seconds = call_daily_totals.duration_seconds + excluded.duration_seconds
            """
        ).run()
    }

    private struct Key: Hashable {
        let day: String
        let status: String
        let direction: String
    }

    /// Recomputes an organization's totals from its calls, days read in `timeZone`.
    static func rebuild(organizationID: UUID, timeZone: TimeZone, on db: any SQLDatabase) async throws {
        let rows = try await db.select().column("started_at").column("status").column("direction").column("duration_seconds")
            .from(Table.calls).where("organization_id", .equal, organizationID).all()
        var totals: [Key: (calls: Int, seconds: Int)] = [:]
        for row in rows {
            let key = Key(
                day: LocalDay(containing: try row.decode(column: "started_at", as: Date.self), in: timeZone).text,
                status: try row.decode(column: "status", as: String.self), direction: try row.decode(column: "direction", as: String.self))
            let seconds = try row.decode(column: "duration_seconds", as: Int.self)
            totals[key, default: (0, 0)].calls += 1
            totals[key, default: (0, 0)].seconds += seconds
        }
        try await db.delete(from: Table.callDailyTotals).where("organization_id", .equal, organizationID).run()
        for chunk in Array(totals).chunks(of: 500) {
            var insert = db.insert(into: Table.callDailyTotals).columns("organization_id", "day", "status", "direction", "calls", "duration_seconds")
            for (key, value) in chunk {
                insert = insert.values(
                    SQLBind(organizationID), SQLBind(key.day), SQLBind(key.status), SQLBind(key.direction), SQLBind(value.calls), SQLBind(value.seconds))
            }
            try await insert.run()
        }
    }

    /// Every organization's totals (the migration that introduced them).
    static func rebuildAll(on db: any SQLDatabase) async throws {
        let organizations = try await db.select().column("id").column("timezone").from(Table.organizations).all()
        for row in organizations {
            try await rebuild(
                organizationID: try row.decode(column: "id", as: UUID.self),
                timeZone: TimeZone(identifier: try row.decode(column: "timezone", as: String.self)) ?? .gmt, on: db)
        }
    }

    /// Calls and seconds by status, and calls by local day, for a date range (local days,
    /// `from` inclusive, `until` exclusive) and optional status and direction.
    static func read(
        organizationID: UUID, days: (from: String?, until: String?), status: CallStatus?, direction: CallDirection?, on db: any SQLDatabase
    ) async throws -> (byStatus: [String: (Int, Int)], byDay: [String: Int]) {
        var filter: SQLQueryString = "organization_id = \(bind: organizationID)"
        if let from = days.from { filter += " AND day >= \(bind: from)" }
        if let until = days.until { filter += " AND day < \(bind: until)" }
        if let status { filter += " AND status = \(bind: status.rawValue)" }
        if let direction { filter += " AND direction = \(bind: direction.rawValue)" }
        // Both sums in one query of a few dozen rows: decoding every (day, status, direction)
        // row in Swift was most of a stats request's time. (PostgreSQL sums BIGINT to NUMERIC.)
        let rows = try await db.raw(
            """
            SELECT 'status' AS kind, status AS name, CAST(SUM(calls) AS BIGINT) AS calls,
                CAST(SUM(duration_seconds) AS BIGINT) AS seconds
            FROM call_daily_totals WHERE \(filter) GROUP BY status
            UNION ALL
            SELECT 'day' AS kind, day AS name, CAST(SUM(calls) AS BIGINT) AS calls, CAST(0 AS BIGINT) AS seconds
            FROM call_daily_totals WHERE \(filter) GROUP BY day
            """
        ).all()
        var byStatus: [String: (Int, Int)] = [:]
        var byDay: [String: Int] = [:]
        for row in rows {
            let name = try row.decode(column: "name", as: String.self)
            let calls = try row.decode(column: "calls", as: Int.self)
            if try row.decode(column: "kind", as: String.self) == "status" {
                byStatus[name] = (calls, try row.decode(column: "seconds", as: Int.self))
            } else {
                byDay[name] = calls
            }
        }
        return (byStatus, byDay)
    }
}
