import Foundation

/// A free slot as tools return it: its start as a speakable time, and its end.
struct SpokenSlot: Encodable, Sendable {
    let start: Date
    let start_local: String
    let spoken: String
    let end: Date

    init(_ slot: Range<Date>, in timeZone: TimeZone) {
        let time = SpeakableTime(slot.lowerBound, in: timeZone)
        start = time.start
        start_local = time.start_local
        spoken = time.spoken
        end = slot.upperBound
    }
}

/// An appointment as tools return it, its time speakable (CONTRACT section 10).
struct SpokenAppointment: Encodable, Sendable {
    let id: String
    @Nullable var contact_id: String?
    @Nullable var contact_name: String?
    let start: Date
    let start_local: String
    let spoken: String
    let end: Date
    let duration_minutes: Int
    let status: String
    @Nullable var appointment_type_id: String?
    @Nullable var appointment_type: String?
    @Nullable var coordinator_id: String?
    @Nullable var notes: String?
    @Nullable var cancellation_reason: String?

    init(_ appointment: Appointment, contact: Contact?, typeName: String? = nil, in timeZone: TimeZone, cut: (String) -> String = { $0 }) {
        let time = SpeakableTime(appointment.scheduledAt, in: timeZone)
        id = appointment.id.api
        contact_id = appointment.contactId.api
        contact_name = contact.map { cut($0.name) }
        start = time.start
        start_local = time.start_local
        spoken = time.spoken
        end = appointment.endsAt
        duration_minutes = appointment.durationMinutes
        status = appointment.status.rawValue
        appointment_type_id = appointment.appointmentTypeId?.api
        appointment_type = typeName.map(cut)
        coordinator_id = appointment.coordinatorId?.api
        notes = appointment.notes.map(cut)
        cancellation_reason = appointment.cancellationReason.map(cut)
    }

    init(_ booked: AppointmentWithContact, in timeZone: TimeZone) {
        self.init(booked.appointment, contact: booked.contact, in: timeZone)
    }
}

/// A call as tools return it, its start speakable.
struct SpokenCall: Encodable, Sendable {
    let id: String
    let direction: String
    let status: String
    let start: Date
    let start_local: String
    let spoken: String
    let duration_seconds: Int
    @Nullable var summary: String?
    @Nullable var outcome: String?

    init(_ call: Call, in timeZone: TimeZone, cut: (String) -> String = { $0 }) {
        let time = SpeakableTime(call.startedAt, in: timeZone)
        id = call.id.api
        direction = call.direction.rawValue
        status = call.status.rawValue
        start = time.start
        start_local = time.start_local
        spoken = time.spoken
        duration_seconds = call.durationSeconds
        summary = call.summary.map(cut)
        outcome = call.outcome.map(cut)
    }
}
