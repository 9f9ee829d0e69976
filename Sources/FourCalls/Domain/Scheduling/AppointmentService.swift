import Foundation
import SQLKit

/// Appointment types and appointments: booking under the capacity rule, rescheduling, and the
/// status flow scheduled → confirmed → completed, with cancelled and no_show.
struct AppointmentService: Sendable {
    let storage: any Storage
    let clock: any AppClock

    static let notFound = APIError.notFound("Appointment not found.")
    static let slotUnavailable = APIError(
        .conflict, code: "SLOT_UNAVAILABLE", message: "The requested time is not available: it overlaps other appointments.")

    /// What a booking asks for. `durationMinutes` defaults to the type's, else 30.
    struct Booking: Sendable {
        var contactID: UUID
        var appointmentTypeID: UUID?
        var coordinatorID: UUID?
        var scheduledAt: Date
        var durationMinutes: Int?
        var notes: String?
        var metadata: JSONValue?
    }

    // MARK: Booking

    func book(in organizationID: UUID, _ booking: Booking) async throws -> AppointmentWithContact {
        let now = clock.now()
        return try await storage.transaction { db in
            try await Self.book(booking, organizationID: organizationID, now: now, on: db)
        }
    }

    /// Books inside the caller's transaction: checks the references, then the capacity under
    /// the organization's booking lock, then inserts and records `appointment.created`.
    static func book(_ booking: Booking, organizationID: UUID, now: Date, on db: any SQLDatabase) async throws -> AppointmentWithContact {
        let (contact, type) = try await references(booking, organizationID: organizationID, on: db)
        let duration = booking.durationMinutes ?? type?.durationMinutes ?? 30
        let endsAt = booking.scheduledAt.addingTimeInterval(Double(duration) * 60)
        let busy = booking.scheduledAt.addingTimeInterval(-Double(type?.bufferBeforeMinutes ?? 0) * 60)..<endsAt.addingTimeInterval(
            Double(type?.bufferAfterMinutes ?? 0) * 60)
        try await ensureFree(busy, organizationID: organizationID, excluding: nil, on: db)
        let appointment = Appointment(
            id: UUID.random(), organizationId: organizationID, contactId: contact.id, appointmentTypeId: type?.id,
            coordinatorId: booking.coordinatorID, scheduledAt: booking.scheduledAt, endsAt: endsAt, durationMinutes: duration,
            busyFrom: busy.lowerBound, busyUntil: busy.upperBound, status: .scheduled, notes: booking.notes, cancellationReason: nil,
            metadata: (booking.metadata ?? .object([:])).jsonText(), createdAt: now, updatedAt: now)
        try await TenantRows<Appointment>(db: db).insert(appointment)
        try await ScheduleVersion.raise(organizationID, on: db)
        let result = AppointmentWithContact(appointment: appointment, contact: contact)
        try await EventRecorder.record(.appointmentCreated, organizationID: organizationID, data: .appointment(result), at: now, on: db)
        return result
    }

    /// The contact, type and coordinator a booking names must be the organization's (422).
    private static func references(_ booking: Booking, organizationID: UUID, on db: any SQLDatabase) async throws -> (Contact, AppointmentType?) {
        var errors = FieldErrors()
        let contact = try await TenantRows<Contact>(db: db).find(id: booking.contactID, organizationID: organizationID)
        if contact == nil { errors.add("contact_id", "The selected contact id is invalid.") }
        var type: AppointmentType?
        if let typeID = booking.appointmentTypeID {
            type = try await TenantRows<AppointmentType>(db: db).find(id: typeID, organizationID: organizationID)
            if type == nil { errors.add("appointment_type_id", "The selected appointment type id is invalid.") }
        }
        if let coordinatorID = booking.coordinatorID,
            try await TenantRows<Coordinator>(db: db).find(id: coordinatorID, organizationID: organizationID) == nil
        {
            errors.add("coordinator_id", "The selected coordinator id is invalid.")
        }
        guard errors.isEmpty, let contact else { throw APIError.validation(errors.messages) }
        return (contact, type)
    }

    /// Throws `SLOT_UNAVAILABLE` unless `busy` fits the organization's booking capacity.
    /// PostgreSQL: the organization row is locked first, so concurrent bookings of one
    /// organization (on any instance) check and insert one after the other. SQLite: write
    /// transactions are already serialized by the single writer.
    static func ensureFree(_ busy: Range<Date>, organizationID: UUID, excluding: UUID?, on db: any SQLDatabase) async throws {
        let capacity = try await OrganizationRepository(db: db).lockedBookingCapacity(id: organizationID)
        let taken = try await AppointmentRepository(db: db).busySpans(overlapping: busy, organizationID: organizationID, excluding: excluding)
        guard SlotCapacity.fits(busy, among: taken, capacity: capacity) else { throw slotUnavailable }
    }

    // MARK: Changes

    struct Changes: Sendable {
        var scheduledAt: Date?
        var durationMinutes: Int?
        var appointmentTypeID: UUID??
        var coordinatorID: UUID??
        var notes: String??
        var metadata: JSONValue?
    }

    /// Reschedules or edits a live appointment; a new time is checked like a new booking.
    func update(_ id: UUID, in organizationID: UUID, with changes: Changes) async throws -> AppointmentWithContact {
        let now = clock.now()
        return try await storage.transaction { db in
            let rows = TenantRows<Appointment>(db: db)
            guard var appointment = try await rows.find(id: id, organizationID: organizationID) else { throw Self.notFound }
            guard AppointmentStatus.live.contains(appointment.status) else {
                throw APIError.conflict("Only scheduled or confirmed appointments can be changed (this one is \(appointment.status.rawValue)).")
            }
            var booking = Booking(
                contactID: appointment.contactId, appointmentTypeID: appointment.appointmentTypeId, coordinatorID: appointment.coordinatorId,
                scheduledAt: changes.scheduledAt ?? appointment.scheduledAt, durationMinutes: changes.durationMinutes)
            if let typeID = changes.appointmentTypeID { booking.appointmentTypeID = typeID }
            if let coordinatorID = changes.coordinatorID { booking.coordinatorID = coordinatorID }
            let (contact, type) = try await Self.references(booking, organizationID: organizationID, on: db)
            let typeChanged = changes.appointmentTypeID != nil
            let duration = changes.durationMinutes ?? (typeChanged ? type?.durationMinutes ?? 30 : appointment.durationMinutes)
            let before = type.map { Double($0.bufferBeforeMinutes) * 60 } ?? 0
            let after = type.map { Double($0.bufferAfterMinutes) * 60 } ?? 0
            appointment.scheduledAt = booking.scheduledAt
            appointment.durationMinutes = duration
            appointment.endsAt = booking.scheduledAt.addingTimeInterval(Double(duration) * 60)
            appointment.busyFrom = appointment.scheduledAt.addingTimeInterval(-before)
            appointment.busyUntil = appointment.endsAt.addingTimeInterval(after)
            appointment.appointmentTypeId = booking.appointmentTypeID
            appointment.coordinatorId = booking.coordinatorID
            if let notes = changes.notes { appointment.notes = notes }
            if let metadata = changes.metadata { appointment.metadata = metadata.jsonText() }
            appointment.updatedAt = now
            try await Self.ensureFree(appointment.busy, organizationID: organizationID, excluding: id, on: db)
            try await rows.update(appointment, id: id, organizationID: organizationID)
            try await ScheduleVersion.raise(organizationID, on: db)
            return AppointmentWithContact(appointment: appointment, contact: contact)
        }
    }

    /// Moves a live appointment to `status`; anything else is a 409. Records
    /// `appointment.confirmed` and `appointment.cancelled`.
    func transition(_ id: UUID, in organizationID: UUID, to status: AppointmentStatus, reason: String? = nil) async throws
        -> AppointmentWithContact
    {
        let now = clock.now()
        return try await storage.transaction { db in
            let rows = TenantRows<Appointment>(db: db)
            guard var appointment = try await rows.find(id: id, organizationID: organizationID) else { throw Self.notFound }
            let allowedFrom: [AppointmentStatus] = status == .confirmed ? [.scheduled] : AppointmentStatus.live
            guard allowedFrom.contains(appointment.status) else {
                throw APIError.conflict("An appointment that is \(appointment.status.rawValue) cannot become \(status.rawValue).")
            }
            appointment.status = status
            if status == .cancelled { appointment.cancellationReason = reason }
            appointment.updatedAt = now
            try await rows.update(appointment, id: id, organizationID: organizationID)
            try await ScheduleVersion.raise(organizationID, on: db)
            let contact = try await TenantRows<Contact>(db: db).find(id: appointment.contactId, organizationID: organizationID)
            let result = AppointmentWithContact(appointment: appointment, contact: contact)
            let event: EventName? = status == .confirmed ? .appointmentConfirmed : status == .cancelled ? .appointmentCancelled : nil
            if let event {
                try await EventRecorder.record(event, organizationID: organizationID, data: .appointment(result), at: now, on: db)
            }
            return result
        }
    }

    // MARK: Reading

    struct Filter: Sendable {
        var range = DateRangeFilter()
        var status: AppointmentStatus?
        var contactID: UUID?
        var coordinatorID: UUID?
    }

    func list(_ organizationID: UUID, filter: Filter, page: PageRequest) async throws -> Paged<AppointmentWithContact> {
        try await storage.read { db in
            let rows = try await AppointmentRepository(db: db).page(organizationID: organizationID, filter: filter, page)
            let contacts = try await TenantRows<Contact>(db: db)
                .find(ids: Array(Set(rows.items.map(\.contactId))), organizationID: organizationID)
            let byID = Dictionary(uniqueKeysWithValues: contacts.map { ($0.id, $0) })
            return rows.map { AppointmentWithContact(appointment: $0, contact: byID[$0.contactId]) }
        }
    }

    func find(_ id: UUID, in organizationID: UUID) async throws -> AppointmentWithContact {
        try await storage.read { db in
            guard let appointment = try await TenantRows<Appointment>(db: db).find(id: id, organizationID: organizationID)
            else { throw Self.notFound }
            let contact = try await TenantRows<Contact>(db: db).find(id: appointment.contactId, organizationID: organizationID)
            return AppointmentWithContact(appointment: appointment, contact: contact)
        }
    }
}
