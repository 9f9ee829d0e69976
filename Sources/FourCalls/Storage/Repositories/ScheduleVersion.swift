import Foundation
import SQLKit

/// The version of an organization's calendar: raised in the transaction of every change to
/// its appointments (booked, moved, cancelled or completed, deleted with their contact), so
/// whatever was computed from the calendar at one version (the call-start packet's free
/// slots) is known to be current while the version stays. Kept in the database, so every
/// instance on a shared PostgreSQL sees every other's changes.
enum ScheduleVersion {
    static func raise(_ organizationID: UUID, on db: any SQLDatabase) async throws {
        try await db.update(Table.organizations).set(SQLIdentifier("schedule_version"), to: SQLRaw("schedule_version + 1"))
            .where("id", .equal, organizationID).run()
    }

    static func current(_ organizationID: UUID, on db: any SQLDatabase) async throws -> Int {
        try await byOrganization.query(on: db, binds: [organizationID]).first(decodingColumn: "schedule_version", as: Int.self) ?? 0
    }

    /// Read on every call start: serialized once per dialect.
    private static let byOrganization = SQLTemplate { db, binds in
        db.select().column("schedule_version").from(Table.organizations).where("id", .equal, SQLBind(binds[0])).query
    }
}
