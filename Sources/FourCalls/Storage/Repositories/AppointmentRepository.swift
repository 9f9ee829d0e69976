import Foundation
import SQLKit

/// SQL for `appointments` beyond the common rows (`TenantRows<Appointment>`).
struct AppointmentRepository {
    let db: any SQLDatabase

    /// The busy spans of the organization's live appointments that overlap `busy`, but
    /// `excluding`, by their start.
    func busySpans(overlapping busy: Range<Date>, organizationID: UUID, excluding: UUID?) async throws -> [Range<Date>] {
        let binds: [any Encodable & Sendable] = [
            organizationID, busy.upperBound, busy.lowerBound.addingTimeInterval(-Appointment.longestBusy), busy.lowerBound,
        ]
        let query = if let excluding { Self.busyExcluding.query(on: db, binds: binds + [excluding]) } else { Self.busy.query(on: db, binds: binds) }
        return try await query.all().map {
            try $0.decodeLean(column: "busy_from", as: Date.self)..<$0.decodeLean(column: "busy_until", as: Date.self)
        }
    }

    private static let busy = SQLTemplate { db, binds in busySelect(db, binds, excluding: false) }
    private static let busyExcluding = SQLTemplate { db, binds in busySelect(db, binds, excluding: true) }

    /// The live appointments' busy spans overlapping `[binds[3], binds[1])` (reading from
    /// `binds[2]`, the longest busy span earlier), soonest first, except appointment `binds[4]`.
    private static func busySelect(_ db: any SQLDatabase, _ binds: [any Encodable & Sendable], excluding: Bool) -> any SQLExpression {
        var select = db.select().column("busy_from").column("busy_until").from(Table.appointments)
            .where("organization_id", .equal, SQLBind(binds[0]))
            .where(SQLColumn("status"), .in, liveStatuses)
            .where("busy_from", .lessThan, SQLBind(binds[1]))
            .where("busy_from", .greaterThan, SQLBind(binds[2]))
            .where("busy_until", .greaterThan, SQLBind(binds[3]))
        if excluding { select = select.where("id", .notEqual, SQLBind(binds[4])) }
        return select.orderBy("busy_from").query
    }

    /// The contact's next live appointments, soonest first, `limit` at most.
    func upcoming(contactID: UUID, organizationID: UUID, from now: Date, limit: Int) async throws -> [Appointment] {
        try await Self.upcoming.query(on: db, binds: [organizationID, contactID, now, limit])
            .all(decoding: Appointment.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    private static let upcoming = SQLTemplate { db, binds in
        let select = db.select().column("*").from(Table.appointments)
            .where("organization_id", .equal, SQLBind(binds[0])).where("contact_id", .equal, SQLBind(binds[1]))
            .where(SQLColumn("status"), .in, liveStatuses)
            .where("scheduled_at", .greaterThanOrEqual, SQLBind(binds[2]))
            .orderBy("scheduled_at")
        return SQLLimitBind.limited(select.query, by: binds[3])
    }

    /// `(status, ...)` of the live appointments, written into the SQL.
    private static let liveStatuses = SQLGroupExpression(AppointmentStatus.live.map { SQLLiteral.string($0.rawValue) })

    /// A page of the organization's appointments by start time, narrowed by `filter`.
    func page(organizationID: UUID, filter: AppointmentService.Filter, _ page: PageRequest) async throws -> Paged<Appointment> {
        try await TenantRows<Appointment>(db: db).page(organizationID: organizationID, page) { select in
            var select = select
            if let from = filter.range.from { select = select.where("scheduled_at", .greaterThanOrEqual, from) }
            if let until = filter.range.until { select = select.where("scheduled_at", .lessThan, until) }
            if let status = filter.status { select = select.where("status", .equal, status.rawValue) }
            if let contactID = filter.contactID { select = select.where("contact_id", .equal, contactID) }
            if let coordinatorID = filter.coordinatorID { select = select.where("coordinator_id", .equal, coordinatorID) }
            return select
        } order: { select in
            select.orderBy("scheduled_at").orderBy("id")
        }
    }
}
