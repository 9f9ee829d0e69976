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
}
