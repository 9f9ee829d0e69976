import Foundation
import SQLKit

/// SQL for `appointments` beyond the common rows (`TenantRows<Appointment>`).
struct AppointmentRepository {
    let db: any SQLDatabase

    /// The busy spans of the organization's live appointments that overlap `busy`, but
    /// `excluding`, by their start.
    func busySpans(overlapping busy: Range<Date>, organizationID: UUID, excluding: UUID?) async throws -> [Range<Date>] {
        var select = db.select().column("busy_from").column("busy_until").from(Table.appointments)
            .where("organization_id", .equal, organizationID)
            .where("status", .in, AppointmentStatus.live.map(\.rawValue))
            .where("busy_from", .lessThan, busy.upperBound)
            .where("busy_from", .greaterThan, busy.lowerBound.addingTimeInterval(-Appointment.longestBusy))
            .where("busy_until", .greaterThan, busy.lowerBound)
        if let excluding { select = select.where("id", .notEqual, excluding) }
        return try await select.orderBy("busy_from").all().map { try $0.decode(column: "busy_from", as: Date.self)..<$0.decode(column: "busy_until", as: Date.self) }
    }

    /// The contact's next live appointments, soonest first.
    func upcoming(contactID: UUID, organizationID: UUID, from now: Date, limit: Int) async throws -> [Appointment] {
        try await db.select().column("*").from(Table.appointments)
            .where("organization_id", .equal, organizationID).where("contact_id", .equal, contactID)
            .where("status", .in, AppointmentStatus.live.map(\.rawValue)).where("scheduled_at", .greaterThanOrEqual, now)
            .orderBy("scheduled_at").limit(limit)
            .all(decoding: Appointment.self, keyDecodingStrategy: .snakeCaseColumns)
    }

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
