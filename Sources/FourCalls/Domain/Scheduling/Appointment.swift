import Foundation

public enum AppointmentStatus: String, CaseIterable, Sendable, Codable {
    case scheduled, confirmed, completed, cancelled
    case noShow = "no_show"

    /// Appointments that hold their time.
    static let live: [AppointmentStatus] = [.scheduled, .confirmed]
}

/// A kind of appointment with its length and the time kept free around it.
struct AppointmentType: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    var name: String
    var durationMinutes: Int
    var bufferBeforeMinutes: Int
    var bufferAfterMinutes: Int
    let createdAt: Date
    var updatedAt: Date
}

/// A booked time with a contact. `busyFrom`/`busyUntil` include the type's buffers, as
/// they were when it was booked. Rows of `appointments`.
struct Appointment: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    var contactId: UUID
    var appointmentTypeId: UUID?
    var coordinatorId: UUID?
    var scheduledAt: Date
    var endsAt: Date
    var durationMinutes: Int
    var busyFrom: Date
    var busyUntil: Date
    var status: AppointmentStatus
    var notes: String?
    var cancellationReason: String?
    /// JSON object text.
    var metadata: String
    let createdAt: Date
    var updatedAt: Date

    var busy: Range<Date> { busyFrom..<busyUntil }

    /// The durations an appointment (or its type) may have, in minutes.
    static let durationMinutes = 5...1440
    /// The buffers a type may put before and after its appointments, in minutes.
    static let bufferMinutes = 0...240
    /// No appointment is busy longer than this (the longest duration and both buffers), so
    /// one that overlaps an instant began at most this long before it: busy-time queries
    /// bound `busy_from` from below with it and read a range of the index, not every
    /// earlier appointment.
    static let longestBusy = TimeInterval((durationMinutes.upperBound + 2 * bufferMinutes.upperBound) * 60)
}

/// An appointment with the summary of its contact, as the API shows it.
struct AppointmentWithContact: Sendable {
    let appointment: Appointment
    let contact: Contact?
}
