import Foundation
import HTTPTypes
import Hummingbird

/// `/console/organizations/{orgId}/contacts/{contactId}`: one contact with their appointments
/// and calls, edited as `PATCH .../contacts/{id}` does; and rescheduling an appointment from
/// there, as `PUT .../appointments/{id}` does.
extension ConsoleController {
    struct ContactView: TemplateView {
        let chrome: ConsoleChrome
        let back: String
        let name: String
        let status: String
        let facts: [ConsoleFact]
        let canWrite: Bool
        let action: String
        let fields: [ConsoleFormField]
        let statuses: [ConsoleOption]
        let notes: String
        let notesError: [String]
        let formError: [String]
        let appointments: [Appointment]
        let noAppointments: Bool
        let calls: [Call]
        let noCalls: Bool

        struct Appointment: TemplateView {
            let when: String
            let minutes: Int
            let status: String
            /// The reschedule form, for a live appointment someone may change.
            let reschedule: [Reschedule]
        }

        struct Reschedule: TemplateView {
            let action: String
            let fields: [ConsoleFormField]
            let error: [String]
        }

        struct Call: TemplateView {
            let href: String
            let started: String
            let direction: String
            let status: String
            let summary: String
        }
    }

    /// A refused reschedule, shown at its appointment.
    struct RescheduleRefusal: TemplateView {
        let appointmentID: UUID
        let submission: ConsoleSubmission
    }

    @Sendable func contactDetail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let id = try APIBody.id("contactId", in: context, notFound: ContactService.notFound.message)
        return try await contactPage(person, membership, id: id, form: .empty, refusal: nil)
    }

    @Sendable func updateContact(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let id = try APIBody.id("contactId", in: context, notFound: ContactService.notFound.message)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        try require(.writeRecords, membership)
        var fields = ConsoleHTTP.fields(form, clearing: true, lists: ["tags"])
        let input = ContactInput.read(&fields, creating: false, countryCode: membership.organization.countryCode)
        do {
            try fields.validate()
            _ = try await contacts.update(id, in: membership.organization.id, with: input)
        } catch let error as APIError where error.fieldErrors != nil || error.status == .conflict {
            return try await contactPage(
                person, membership, id: id, form: ConsoleSubmission(form, refusal: error), refusal: nil, status: .unprocessableContent)
        }
        return ConsoleHTTP.redirect(Self.contactPath(membership, id))
    }

    @Sendable func rescheduleAppointment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        try require(.writeRecords, membership)
        let id = try APIBody.id("appointmentId", in: context, notFound: AppointmentService.notFound.message)
        let existing = try await appointments.find(id, in: membership.organization.id)
        var errors: [String: [String]] = [:]
        let day = form.text("date").flatMap(LocalDay.init)
        if day == nil { errors["date"] = ["Enter a date as YYYY-MM-DD."] }
        let time = form.text("time").flatMap(Self.clockTime)
        if time == nil { errors["time"] = ["Enter a time as HH:MM."] }
        do {
            guard let day, let time,
                let start = LocalDay.calendar(membership.organization.timeZone).date(
                    from: DateComponents(year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute))
            else { throw APIError.validation(errors) }
            var changes = AppointmentService.Changes()
            changes.scheduledAt = start
            _ = try await appointments.update(id, in: membership.organization.id, with: changes)
        } catch let error as APIError where error.fieldErrors != nil || error.status == .conflict {
            let refusal = RescheduleRefusal(appointmentID: id, submission: ConsoleSubmission(form, refusal: error))
            return try await contactPage(
                person, membership, id: existing.appointment.contactId, form: .empty, refusal: refusal, status: .unprocessableContent)
        }
        return ConsoleHTTP.redirect(Self.contactPath(membership, existing.appointment.contactId))
    }

    static func contactPath(_ membership: Membership, _ id: UUID) -> String {
        "/console/organizations/\(membership.organization.id.api)/contacts/\(id.api)"
    }

    private func contactPage(
        _ person: SignedIn, _ membership: Membership, id: UUID, form: ConsoleSubmission, refusal: RescheduleRefusal?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let organization = membership.organization
        let timeZone = organization.timeZone
        let found = try await contacts.find(id, in: organization.id)
        let contact = found.contact
        var appointmentFilter = AppointmentService.Filter()
        appointmentFilter.contactID = id
        let booked = try await appointments.list(organization.id, filter: appointmentFilter, page: PageRequest(page: 1, perPage: 20)).items
        var callFilter = CallService.Filter()
        callFilter.contactID = id
        let logged = try await calls.list(organization.id, filter: callFilter, page: PageRequest(page: 1, perPage: 20)).items
        let canWrite = membership.role.allows(.writeRecords)
        let base = "/console/organizations/\(organization.id.api)"
        func value(_ name: String, _ stored: String?) -> String { form.values[name] ?? stored ?? "" }
        let fields = [
            ("name", "Name", "text", value("name", contact.name)), ("phone", "Phone", "tel", value("phone", contact.phone)),
            ("email", "E-mail", "email", value("email", contact.email)), ("company", "Company", "text", value("company", contact.company)),
            ("tags", "Tags (comma-separated)", "text", value("tags", found.tags.joined(separator: ", "))),
        ].map { name, label, type, value in
            ConsoleFormField(name: name, label: label, type: type, value: value, errors: form.errors[name] ?? [])
        }
        let facts: [(String, String?)] = [
            ("Phone", contact.phone), ("E-mail", contact.email), ("Company", contact.company),
            ("Tags", found.tags.isEmpty ? nil : found.tags.joined(separator: ", ")), ("Time zone", contact.timezone),
            ("Added", SpeakableTime.spoken(contact.createdAt, in: timeZone)),
        ]
        let view = ContactView(
            chrome: ConsoleChrome(title: contact.name, person: person, membership: membership, current: "contacts"),
            back: "\(base)/contacts", name: contact.name, status: contact.status.rawValue,
            facts: facts.compactMap { label, value in value.map { ConsoleFact(label: label, value: $0) } },
            canWrite: canWrite, action: Self.contactPath(membership, id), fields: fields,
            statuses: ContactStatus.allCases.map { status in
                ConsoleOption(value: status.rawValue, label: status.rawValue, selected: status.rawValue == (form.values["status"] ?? contact.status.rawValue))
            },
            notes: value("notes", contact.notes), notesError: form.errors["notes"] ?? [], formError: form.message.map { [$0] } ?? [],
            appointments: booked.map { row in
                let appointment = row.appointment
                let mine = refusal?.appointmentID == appointment.id ? refusal?.submission : nil
                let local = LocalDay(containing: appointment.scheduledAt, in: timeZone)
                let reschedule = ContactView.Reschedule(
                    action: "\(base)/appointments/\(appointment.id.api)/reschedule",
                    fields: [
                        ("date", "New date", "date", mine?.values["date"] ?? local.text),
                        ("time", "New time", "time", mine?.values["time"] ?? SpeakableTime.clock24(appointment.scheduledAt, in: timeZone)),
                    ].map { name, label, type, value in
                        ConsoleFormField(
                            name: name, label: label, type: type, value: value, errors: mine?.errors[name] ?? [],
                            id: "\(name)-\(appointment.id.api)")
                    },
                    error: mine?.message.map { [$0] } ?? [])
                return ContactView.Appointment(
                    when: SpeakableTime.spoken(appointment.scheduledAt, in: timeZone), minutes: appointment.durationMinutes,
                    status: appointment.status.rawValue,
                    reschedule: canWrite && AppointmentStatus.live.contains(appointment.status) ? [reschedule] : [])
            },
            noAppointments: booked.isEmpty,
            calls: logged.map { call in
                ContactView.Call(
                    href: "\(base)/calls/\(call.id.api)", started: SpeakableTime.spoken(call.startedAt, in: timeZone),
                    direction: call.direction.rawValue, status: call.status.rawValue, summary: call.summary.map { String($0.prefix(120)) } ?? "")
            },
            noCalls: logged.isEmpty)
        return try page("console/contact", view, person, status: status)
    }
}
