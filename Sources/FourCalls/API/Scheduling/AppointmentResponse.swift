import Foundation
import Hummingbird

struct AppointmentResponse: ResponseEncodable, Sendable {
    let id: String
    let organization_id: String
    let contact_id: String
    @Nullable var appointment_type_id: String?
    @Nullable var coordinator_id: String?
    let scheduled_at: Date
    let ends_at: Date
    let duration_minutes: Int
    let status: AppointmentStatus
    @Nullable var notes: String?
    @Nullable var cancellation_reason: String?
    let metadata: JSONValue
    @Nullable var contact: ContactSummary?
    let created_at: Date
    let updated_at: Date

    init(_ value: AppointmentWithContact) {
        let appointment = value.appointment
        id = appointment.id.api
        organization_id = appointment.organizationId.api
        contact_id = appointment.contactId.api
        appointment_type_id = appointment.appointmentTypeId?.api
        coordinator_id = appointment.coordinatorId?.api
        scheduled_at = appointment.scheduledAt
        ends_at = appointment.endsAt
        duration_minutes = appointment.durationMinutes
        status = appointment.status
        notes = appointment.notes
        cancellation_reason = appointment.cancellationReason
        metadata = JSONValue.parse(appointment.metadata)
        contact = value.contact.map(ContactSummary.init)
        created_at = appointment.createdAt
        updated_at = appointment.updatedAt
    }
}

struct AppointmentTypeResponse: ResponseEncodable, Sendable {
    let id: String
    let organization_id: String
    let name: String
    let duration_minutes: Int
    let buffer_before_minutes: Int
    let buffer_after_minutes: Int
    let created_at: Date
    let updated_at: Date

    init(_ type: AppointmentType) {
        id = type.id.api
        organization_id = type.organizationId.api
        name = type.name
        duration_minutes = type.durationMinutes
        buffer_before_minutes = type.bufferBeforeMinutes
        buffer_after_minutes = type.bufferAfterMinutes
        created_at = type.createdAt
        updated_at = type.updatedAt
    }
}
