import Foundation
import Hummingbird

/// `/organizations/{orgId}/appointments`: members and up book and change; anyone reads.
struct AppointmentsController {
    let appointments: AppointmentService

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("appointments", use: list)
        organization.post("appointments", use: create)
        organization.get("appointments/{appointmentId}", use: show)
        organization.put("appointments/{appointmentId}", use: update)
        organization.post("appointments/{appointmentId}/cancel", use: cancel)
        organization.post("appointments/{appointmentId}/confirm") { request, context in
            try await transition(context, to: .confirmed)
        }
        organization.post("appointments/{appointmentId}/complete") { request, context in
            try await transition(context, to: .completed)
        }
        organization.post("appointments/{appointmentId}/no-show") { request, context in
            try await transition(context, to: .noShow)
        }
    }

    private func id(_ context: OrganizationContext) throws -> UUID {
        try APIBody.id("appointmentId", in: context, notFound: "Appointment not found.")
    }

    @Sendable func list(_ request: Request, context: OrganizationContext) async throws -> PageResponse<AppointmentResponse> {
        let page = try APIBody.page(of: request)
        let query = request.formQuery.values
        var filter = AppointmentService.Filter()
        filter.range = try DateRangeFilter.read(query, timeZone: context.organization.timeZone)
        var errors = FieldErrors()
        if let text = query["status"] {
            filter.status = AppointmentStatus(rawValue: text)
            if filter.status == nil {
                errors.add("status", "The selected status is invalid. Allowed: \(AppointmentStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        for (key, path) in [("contact_id", \AppointmentService.Filter.contactID), ("coordinator_id", \.coordinatorID)] {
            guard let text = query[key] else { continue }
            if let id = UUID(text: text) { filter[keyPath: path] = id } else { errors.add(key, "The \(key.replacingOccurrences(of: "_", with: " ")) must be a valid UUID.") }
        }
        if !errors.isEmpty { throw APIError.validation(errors.messages) }
        return PageResponse(try await appointments.list(context.organization.id, filter: filter, page: page)) { AppointmentResponse($0) }
    }

    @Sendable func create(_ request: Request, context: OrganizationContext) async throws -> some ResponseGenerator {
        try context.require(.writeRecords)
        var fields = try await APIBody.fields(of: request, context: context)
        let contactID = fields.uuid("contact_id", required: true)
        let typeID = fields.uuid("appointment_type_id")
        let coordinatorID = fields.uuid("coordinator_id")
        let scheduledAt = fields.date("scheduled_at", required: true)
        let duration = fields.int("duration_minutes", in: Appointment.durationMinutes)
        let notes = fields.longText("notes")
        let metadata = fields.jsonObject("metadata")
        try fields.validate()
        guard let contactID, let scheduledAt else { throw APIError.internalError }
        let booking = AppointmentService.Booking(
            contactID: contactID, appointmentTypeID: typeID, coordinatorID: coordinatorID, scheduledAt: scheduledAt,
            durationMinutes: duration, notes: notes, metadata: metadata)
        return created(AppointmentResponse(try await appointments.book(in: context.organization.id, booking)))
    }

    @Sendable func show(_ request: Request, context: OrganizationContext) async throws -> AppointmentResponse {
        AppointmentResponse(try await appointments.find(try id(context), in: context.organization.id))
    }

    /// Reschedule or edit: every field optional.
    @Sendable func update(_ request: Request, context: OrganizationContext) async throws -> AppointmentResponse {
        try context.require(.writeRecords)
        let id = try id(context)
        var fields = try await APIBody.fields(of: request, context: context)
        var changes = AppointmentService.Changes()
        changes.scheduledAt = fields.date("scheduled_at", required: fields.isPresent("scheduled_at"))
        changes.durationMinutes = fields.int("duration_minutes", in: Appointment.durationMinutes)
        if fields.isPresent("appointment_type_id") { changes.appointmentTypeID = .some(fields.uuid("appointment_type_id")) }
        if fields.isPresent("coordinator_id") { changes.coordinatorID = .some(fields.uuid("coordinator_id")) }
        if fields.isPresent("notes") { changes.notes = .some(fields.longText("notes")) }
        changes.metadata = fields.jsonObject("metadata")
        try fields.validate()
        return AppointmentResponse(try await appointments.update(id, in: context.organization.id, with: changes))
    }

    @Sendable func cancel(_ request: Request, context: OrganizationContext) async throws -> AppointmentResponse {
        try context.require(.writeRecords)
        let id = try id(context)
        var fields = try await APIBody.fields(of: request, context: context)
        let reason = fields.longText("reason")
        try fields.validate()
        return AppointmentResponse(try await appointments.transition(id, in: context.organization.id, to: .cancelled, reason: reason))
    }

    private func transition(_ context: OrganizationContext, to status: AppointmentStatus) async throws -> AppointmentResponse {
        try context.require(.writeRecords)
        return AppointmentResponse(try await appointments.transition(try id(context), in: context.organization.id, to: status))
    }
}
