import Foundation
import SQLKit

/// SQL of the AI agent's context packet: what it is made of, and a cheap stamp of it.
struct ContextPacketRepository {
    let db: any SQLDatabase

    /// Per table, how many of the organization's rows count and their latest `updated_at`
    /// (and the window's first appointment, which moves as time passes), as text.
    func stamp(organizationID id: UUID, appointmentsFrom now: Date, until end: Date) async throws -> [String] {
        func summary(_ select: SQLSelectBuilder, first: String? = nil) async throws -> String {
            var select = select.column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .column(SQLFunction("MAX", args: SQLIdentifier("updated_at")), as: "latest")
            if let first { select = select.column(SQLFunction("MIN", args: SQLIdentifier(first)), as: "first") }
            guard let row = try await select.first() else { return "" }
            let count = try row.decode(column: "n", as: Int.self)
            let latest = try row.decode(column: "latest", as: Date?.self)?.timeIntervalSince1970 ?? 0
            let earliest = try first == nil ? 0 : row.decode(column: "first", as: Date?.self)?.timeIntervalSince1970 ?? 0
            return "\(count)/\(latest)/\(earliest)"
        }
        var parts = [try await summary(db.select().from(Table.contacts).where("organization_id", .equal, id))]
        parts.append(try await summary(upcoming(db.select(), id, from: now, until: end), first: "scheduled_at"))
        for table in [Table.faqs, .polls, .coordinators, .appointmentTypes] {
            parts.append(try await summary(db.select().from(table).where("organization_id", .equal, id)))
        }
        return parts
    }

    private func upcoming(_ select: SQLSelectBuilder, _ id: UUID, from now: Date, until end: Date) -> SQLSelectBuilder {
        select.from(Table.appointments).where("organization_id", .equal, id)
            .where("status", .in, AppointmentStatus.live.map(\.rawValue))
            .where("scheduled_at", .greaterThanOrEqual, now).where("scheduled_at", .lessThan, end)
    }

    /// The most recently updated contacts.
    func recentContacts(organizationID id: UUID, limit: Int) async throws -> [Contact] {
        try await db.select().column("*").from(Table.contacts).where("organization_id", .equal, id)
            .orderBy("updated_at", .descending).orderBy("id").limit(limit)
            .all(decoding: Contact.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// Live appointments from `now` until `end`, soonest first.
    func upcomingAppointments(organizationID id: UUID, from now: Date, until end: Date, limit: Int) async throws -> [Appointment] {
        try await upcoming(db.select().column("*"), id, from: now, until: end)
            .orderBy("scheduled_at").orderBy("id").limit(limit)
            .all(decoding: Appointment.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// The organization's first `limit` rows of `Row`'s table, oldest first (only active ones
    /// when `activeOnly`).
    func listed<Row: TableRow>(_ type: Row.Type, organizationID id: UUID, limit: Int, activeOnly: Bool = false) async throws -> [Row] {
        var select = db.select().column("*").from(Row.table).where("organization_id", .equal, id)
        if activeOnly { select = select.where("active", .equal, true) }
        return try await select.orderBy("created_at").orderBy("id").limit(limit).all(decoding: Row.self, keyDecodingStrategy: .snakeCaseColumns)
    }
}
