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
        if Self.aggregatesSpans(db) {
            // One row of two arrays, paired by their common order.
            guard let row = try await query.first() else { return [] }
            let starts = try row.decode(column: "busy_from", as: [Date]?.self) ?? []
            let ends = try row.decode(column: "busy_until", as: [Date]?.self) ?? []
            return zip(starts, ends).map { $0..<$1 }
        }
        return try await query.all().map {
            try $0.decodeLean(column: "busy_from", as: Date.self)..<$0.decodeLean(column: "busy_until", as: Date.self)
        }
    }

    /// PostgreSQL hands a busy day's spans back as two arrays in one row: a row costs the
    /// driver and the pool more than its cells do (a fully booked day is about 50 rows, read
    /// on every availability check). SQLite's rows cost little: it returns them as they are.
    private static func aggregatesSpans(_ db: any SQLDatabase) -> Bool { db.dialect.name == "postgresql" }

    private static let busy = SQLTemplate { db, binds in busySelect(db, binds, excluding: false) }
    private static let busyExcluding = SQLTemplate { db, binds in busySelect(db, binds, excluding: true) }

    /// The live appointments' busy spans overlapping `[binds[3], binds[1])` (reading from
    /// `binds[2]`, the longest busy span earlier), soonest first, except appointment `binds[4]`.
    private static func busySelect(_ db: any SQLDatabase, _ binds: [any Encodable & Sendable], excluding: Bool) -> any SQLExpression {
        var select = db.select()
        if aggregatesSpans(db) {
            for column in ["busy_from", "busy_until"] {
                select = select.column(SQLRaw("array_agg(\(column) ORDER BY busy_from, busy_until)"), as: column)
            }
        } else {
            select = select.column("busy_from").column("busy_until")
        }
        select = select.from(Table.appointments)
            .where("organization_id", .equal, SQLBind(binds[0]))
            .where(SQLColumn("status"), .in, liveStatuses)
            .where("busy_from", .lessThan, SQLBind(binds[1]))
            .where("busy_from", .greaterThan, SQLBind(binds[2]))
            .where("busy_until", .greaterThan, SQLBind(binds[3]))
        if excluding { select = select.where("id", .notEqual, SQLBind(binds[4])) }
        return aggregatesSpans(db) ? select.query : select.orderBy("busy_from").query
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
