import Foundation
import HTTPTypes
import Hummingbird

/// `/console/organizations/{orgId}/appointments`: one day's appointments in the organization's
/// time zone (or the week from that day), booking and cancelling, as the API's appointments do.
extension ConsoleController {
    struct AppointmentsView: TemplateView {
        let chrome: ConsoleChrome
        let heading: String
        let days: [Day]
        let previous: String
        let next: String
        let dayLink: String
        let weekLink: String
        let isWeek: Bool
        let canWrite: Bool
        let action: String
        let contacts: [ContactOption]
        let hasContacts: Bool
        let fields: [ConsoleFormField]
        let contactError: [String]
        let formError: [String]

        struct Day: TemplateView {
            let label: String
            let rows: [Row]
            let empty: Bool
        }

        struct Row: TemplateView {
            let time: String
            let contact: String
            let minutes: Int
            let status: String
            let cancelAction: [String]
            /// The contact's page, where a live appointment is rescheduled.
            let rescheduleLink: [String]
        }

        struct ContactOption: TemplateView {
            let id: String
            let name: String
            let selected: Bool
        }
    }

    @Sendable func appointmentList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        return try await appointmentsPage(person, membership, query: request.formQuery, form: .empty)
    }

    @Sendable func bookAppointment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        try require(.writeRecords, membership)
        let timeZone = membership.organization.timeZone
        var errors: [String: [String]] = [:]
        let contactID = form.text("contact_id").flatMap(UUID.init(uuidString:))
        if contactID == nil { errors["contact_id"] = ["Choose a contact."] }
        let day = form.text("date").flatMap(LocalDay.init)
        if day == nil { errors["date", default: []].append("Enter a date as YYYY-MM-DD.") }
        let time = form.text("time").flatMap(Self.clockTime)
        if time == nil { errors["time", default: []].append("Enter a time as HH:MM.") }
        let minutes = form.text("duration_minutes").map { Int($0) } ?? 30
        if minutes == nil || !Appointment.durationMinutes.contains(minutes ?? 0) {
            errors["duration_minutes", default: []].append("Enter a length of 5 to 1440 minutes.")
        }
        var start: Date?
        if let day, let time {
            start = LocalDay.calendar(timeZone).date(
                from: DateComponents(year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute))
        }
        let back = "/console/organizations/\(membership.organization.id.api)/appointments?day=\(day?.text ?? "")"
        do {
            guard errors.isEmpty, let contactID, let start, let minutes else { throw APIError.validation(errors) }
            let booking = AppointmentService.Booking(
                contactID: contactID, appointmentTypeID: nil, coordinatorID: nil, scheduledAt: start, durationMinutes: minutes,
                notes: form.text("notes"), metadata: nil)
            _ = try await appointments.book(in: membership.organization.id, booking)
        } catch let error as APIError where error.fieldErrors != nil || error.status == .conflict {
            return try await appointmentsPage(
                person, membership, query: FormQuery(day.map { "day=\($0.text)" }), form: ConsoleSubmission(form, refusal: error),
                status: .unprocessableContent)
        }
        return ConsoleHTTP.redirect(back)
    }

    @Sendable func cancelAppointment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        try require(.writeRecords, membership)
        let id = try APIBody.id("appointmentId", in: context, notFound: "Appointment not found.")
        let cancelled = try await appointments.transition(id, in: membership.organization.id, to: .cancelled, reason: "Cancelled in the console.")
        let day = LocalDay(containing: cancelled.appointment.scheduledAt, in: membership.organization.timeZone)
        return ConsoleHTTP.redirect("/console/organizations/\(membership.organization.id.api)/appointments?day=\(day.text)")
    }

    /// `HH:MM` on a 24-hour clock.
    static func clockTime(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return (hour, minute)
    }

    private func appointmentsPage(
        _ person: SignedIn, _ membership: Membership, query: FormQuery, form: ConsoleSubmission, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let organization = membership.organization
        let timeZone = organization.timeZone
        let first = query.text("day").flatMap(LocalDay.init) ?? LocalDay(containing: clock.now(), in: timeZone)
        let isWeek = query["view"] == "week"
        let count = isWeek ? 7 : 1
        let calendar = LocalDay.calendar(timeZone)
        let dayList = (0..<count).compactMap { offset -> LocalDay? in
            calendar.date(byAdding: .day, value: offset, to: first.start(in: timeZone)).map { LocalDay(containing: $0, in: timeZone) }
        }
        var filter = AppointmentService.Filter()
        filter.range.from = first.start(in: timeZone)
        filter.range.until = (dayList.last ?? first).interval(in: timeZone).upperBound
        let found = try await appointments.list(organization.id, filter: filter, page: PageRequest(page: 1, perPage: 100)).items
        let base = "/console/organizations/\(organization.id.api)/appointments"
        let canWrite = membership.role.allows(.writeRecords)
        let days = dayList.map { day in
            let range = day.interval(in: timeZone)
            let rows = found.filter { range.contains($0.appointment.scheduledAt) }.sorted { $0.appointment.scheduledAt < $1.appointment.scheduledAt }
                .map { row in
                    AppointmentsView.Row(
                        time: SpeakableTime.clock(row.appointment.scheduledAt, in: timeZone), contact: row.contact?.name ?? "—",
                        minutes: row.appointment.durationMinutes, status: row.appointment.status.rawValue,
                        cancelAction: canWrite && AppointmentStatus.live.contains(row.appointment.status)
                            ? ["\(base)/\(row.appointment.id.api)/cancel"] : [],
                        rescheduleLink: canWrite && AppointmentStatus.live.contains(row.appointment.status)
                            ? [Self.contactPath(membership, row.appointment.contactId) + "#appointments-title"] : [])
                }
            return AppointmentsView.Day(label: SpeakableTime.dayName(day, in: timeZone), rows: rows, empty: rows.isEmpty)
        }
        func shifted(_ days: Int) -> String {
            let date = calendar.date(byAdding: .day, value: days, to: first.start(in: timeZone)) ?? first.start(in: timeZone)
            return "\(base)?day=\(LocalDay(containing: date, in: timeZone).text)" + (isWeek ? "&view=week" : "")
        }
        let contactRows = try await contacts.list(organization.id, filter: ContactFilter(), page: PageRequest(page: 1, perPage: 100)).items
        let chosen = form.values["contact_id"] ?? ""
        let fields = [
            ("date", "Date", "date", form.values["date"] ?? first.text), ("time", "Time", "time", form.values["time"] ?? "09:00"),
            ("duration_minutes", "Minutes", "number", form.values["duration_minutes"] ?? "30"),
        ].map { name, label, type, value in
            ConsoleFormField(name: name, label: label, type: type, value: value, errors: form.errors[name] ?? [])
        }
        let view = AppointmentsView(
            chrome: ConsoleChrome(title: "Appointments", person: person, membership: membership, current: "appointments"),
            heading: isWeek ? "Week from \(SpeakableTime.dayName(first, in: timeZone))" : SpeakableTime.dayName(first, in: timeZone),
            days: days, previous: shifted(isWeek ? -7 : -1), next: shifted(isWeek ? 7 : 1),
            dayLink: "\(base)?day=\(first.text)", weekLink: "\(base)?day=\(first.text)&view=week", isWeek: isWeek, canWrite: canWrite,
            action: base,
            contacts: contactRows.map { row in
                AppointmentsView.ContactOption(id: row.contact.id.api, name: row.contact.name, selected: row.contact.id.api == chosen)
            },
            hasContacts: !contactRows.isEmpty, fields: fields, contactError: form.errors["contact_id"] ?? [],
            formError: form.message.map { [$0] } ?? [])
        return try page("console/appointments", view, person, status: status)
    }
}
