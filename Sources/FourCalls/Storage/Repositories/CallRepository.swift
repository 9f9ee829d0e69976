import Foundation
import SQLKit

/// SQL for `calls` beyond the common rows: the filtered list and the statistics that the
/// per-day totals (`CallTotals`) cannot answer (a coordinator's or a contact's calls).
struct CallRepository {
    let db: any SQLDatabase

    /// Newest first.
    func list(organizationID: UUID, filter: CallService.Filter, page: PageRequest) async throws -> Paged<Call> {
        try await TenantRows<Call>(db: db).page(organizationID: organizationID, page, filter: filter.apply) { select in
            select.orderBy("started_at", .descending).orderBy("id")
        }
    }

    /// The contact's latest calls, newest first.
    func recent(contactID: UUID, organizationID: UUID, limit: Int) async throws -> [Call] {
        try await Self.recent.query(on: db, binds: [organizationID, contactID, limit])
            .all(decoding: Call.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    private static let recent = SQLTemplate { db, binds in
        let select = db.select().column("*").from(Table.calls)
            .where("organization_id", .equal, SQLBind(binds[0])).where("contact_id", .equal, SQLBind(binds[1]))
            .orderBy("started_at", .descending)
        return SQLLimitBind.limited(select.query, by: binds[2])
    }

    /// Calls and their summed seconds, by status.
    func countsByStatus(organizationID: UUID, filter: CallService.Filter) async throws -> [String: (calls: Int, seconds: Int)] {
        let rows = try await filter.apply(
            to: db.select().column("status").column(SQLRaw("COUNT(*)"), as: "count")
                .column(SQLRaw("COALESCE(SUM(duration_seconds), 0)"), as: "seconds")
                .from(Table.calls).where("organization_id", .equal, organizationID)
        ).groupBy("status").all()
        var counts: [String: (calls: Int, seconds: Int)] = [:]
        for row in rows {
            counts[try row.decode(column: "status", as: String.self)] =
                (try row.decode(column: "count", as: Int.self), try row.decode(column: "seconds", as: Int.self))
        }
        return counts
    }

    /// Calls by the 15-minute bucket they started in (every time zone's offset is a multiple
    /// of 15 minutes, so the caller can read local days from them): at most 96 rows a day.
    func countsByQuarterHour(organizationID: UUID, filter: CallService.Filter) async throws -> [(start: Date, calls: Int)] {
        let bucket = db.dialect.name == "postgresql"
            ? "CAST(FLOOR(EXTRACT(EPOCH FROM started_at) / 900) AS BIGINT)"
            : "CAST(started_at / 900 AS INTEGER)"
        let rows = try await filter.apply(
            to: db.select().column(SQLRaw(bucket), as: "bucket").column(SQLRaw("COUNT(*)"), as: "count")
                .from(Table.calls).where("organization_id", .equal, organizationID)
        ).groupBy(SQLRaw(bucket)).all()
        return try rows.map {
            (Date(timeIntervalSince1970: Double(try $0.decode(column: "bucket", as: Int.self)) * 900), try $0.decode(column: "count", as: Int.self))
        }
    }
}

extension CallService.Filter {
    /// The filter's conditions on a select of `calls`.
    func apply(to select: SQLSelectBuilder) -> SQLSelectBuilder {
        var select = select
        if let from = range.from { select = select.where("started_at", .greaterThanOrEqual, from) }
        if let until = range.until { select = select.where("started_at", .lessThan, until) }
        if let status { select = select.where("status", .equal, status.rawValue) }
        if let direction { select = select.where("direction", .equal, direction.rawValue) }
        if let coordinatorID { select = select.where("coordinator_id", .equal, coordinatorID) }
        if let contactID { select = select.where("contact_id", .equal, contactID) }
        return select
    }
}
