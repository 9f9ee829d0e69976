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
        let zone = try await db.select().column("timezone").from("organizations").where("id", .equal, call.organizationId)
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
            .from("calls").where("organization_id", .equal, organizationID).all()
        var totals: [Key: (calls: Int, seconds: Int)] = [:]
        for row in rows {
            let key = Key(
                day: LocalDay(containing: try row.decode(column: "started_at", as: Date.self), in: timeZone).text,
                status: try row.decode(column: "status", as: String.self), direction: try row.decode(column: "direction", as: String.self))
            let seconds = try row.decode(column: "duration_seconds", as: Int.self)
            totals[key, default: (0, 0)].calls += 1
            totals[key, default: (0, 0)].seconds += seconds
        }
        try await db.delete(from: "call_daily_totals").where("organization_id", .equal, organizationID).run()
        for chunk in Array(totals).chunks(of: 500) {
            var insert = db.insert(into: "call_daily_totals").columns("organization_id", "day", "status", "direction", "calls", "duration_seconds")
            for (key, value) in chunk {
                insert = insert.values(
                    SQLBind(organizationID), SQLBind(key.day), SQLBind(key.status), SQLBind(key.direction), SQLBind(value.calls), SQLBind(value.seconds))
            }
            try await insert.run()
        }
    }

    /// Every organization's totals (the migration that introduced them).
    static func rebuildAll(on db: any SQLDatabase) async throws {
        let organizations = try await db.select().column("id").column("timezone").from("organizations").all()
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
        var select = db.select().column("day").column("status").column("calls").column("duration_seconds")
            .from("call_daily_totals").where("organization_id", .equal, organizationID)
        if let from = days.from { select = select.where("day", .greaterThanOrEqual, from) }
        if let until = days.until { select = select.where("day", .lessThan, until) }
        if let status { select = select.where("status", .equal, status.rawValue) }
        if let direction { select = select.where("direction", .equal, direction.rawValue) }
        var byStatus: [String: (Int, Int)] = [:]
        var byDay: [String: Int] = [:]
        for row in try await select.all() {
            let calls = try row.decode(column: "calls", as: Int.self)
            let status = try row.decode(column: "status", as: String.self)
            let previous = byStatus[status] ?? (0, 0)
            byStatus[status] = (previous.0 + calls, previous.1 + (try row.decode(column: "duration_seconds", as: Int.self)))
            byDay[try row.decode(column: "day", as: String.self), default: 0] += calls
        }
        return (byStatus, byDay)
    }
}
