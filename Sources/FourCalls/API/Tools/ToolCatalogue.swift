import Foundation

/// The tools of CONTRACT section 10, in one place. Handlers reuse the operations behind the
/// agent API (`AgentOperations`), so a tool and its REST endpoint agree on the same data.
struct ToolCatalogue: Sendable {
    let tools: [AgentTool]

    func tool(named name: String) -> AgentTool? { tools.first { $0.name == name } }

    init(operations: AgentOperations) {
        tools = [
            Self.getCallContext(operations),
            Self.checkAvailability(operations),
            Self.findCustomer(operations),
            Self.bookAppointment(operations),
            Self.rescheduleAppointment(operations),
            Self.cancelAppointment(operations),
            Self.createLead(operations),
            Self.logInteraction(operations),
        ]
    }

    typealias S = ToolSchema

    static let startArgument = S.string(
        "When the appointment starts: the business's local time without offset, e.g. \"2027-03-16T14:30\" (read in the business's time zone), or any ISO 8601 instant with Z or an offset.")

    // MARK: get_call_context

    static func getCallContext(_ operations: AgentOperations) -> AgentTool {
        AgentTool(
            name: "get_call_context",
            description: """
                Call this first, when a call starts. Returns the business's name, time zone and current local time, whether it is open now \
                (today's hours, next opening), the appointment types, the coordinator persona, FAQs, the next 3 free slots, and, when \
                you pass the caller's phone number, who the caller is with their upcoming appointments and last calls. Times come as \
                `spoken` text you can read aloud.
                """,
            arguments: S.object(["phone": S.string("The caller's phone number, in any common format (E.164 preferred).")]),
            result: S.result(
                [
                    "business_id": S.uuid("The business."), "business_name": S.string("The business's name."),
                    "timezone": S.string("IANA time zone of the business."),
                    "now": S.result([
                        "utc": S.string("Now in UTC.", format: "date-time"), "local": S.string("Now in local time with offset."),
                        "spoken": S.string("Now, to say."),
                    ]),
                    "open_now": S.boolean("Whether the business is open right now."),
                    "today_hours": S.anyObject("Today's opening hours {open, close, spoken}; null when closed today.", nullable: true),
                    "next_opening": S.speakable("When the business next opens; null when open now.", nullable: true),
                    "appointment_types": S.array(S.anyObject("{id, name, duration_minutes}"), description: "What can be booked, by name."),
                    "coordinator": S.anyObject("The coordinator answering: {name, persona, tone, greeting}; null when none.", nullable: true),
                    "faqs": S.array(S.anyObject("{question, answer}"), description: "Frequently asked questions."),
                    "next_free_slots": S.array(S.speakable("A free slot."), description: "The next 3 free slots in business hours."),
                    "contact": S.anyObject("The caller, when the phone is known: {id, name, phone, email, company, status, tags, notes}.", nullable: true),
                    "upcoming_appointments": S.array(S.appointment, description: "The caller's next appointments (with id)."),
                    "recent_calls": S.array(S.call, description: "The caller's last 3 calls."),
                ], description: "The call-start packet (at most 8 KB)."),
            run: { fields, scope in
                let phone = fields.string("phone", maxLength: 40)
                try fields.validate()
                return ToolResult(json: try await operations.callContext(for: scope.organization, phone: phone).json)
            })
    }

    // MARK: check_availability

    static func checkAvailability(_ operations: AgentOperations) -> AgentTool {
        AgentTool(
            name: "check_availability",
            description: """
                Find free appointment slots on one day, in the business's local time. Use it before booking, and offer the caller a \
                few of the returned `spoken` times. An empty list means nothing is free that day (or the business is closed): try \
                the next day.
                """,
            arguments: S.object(
                [
                    "date": S.string("The local day to search, YYYY-MM-DD (in the business's time zone).", format: "date"),
                    "duration_minutes": S.integer(
                        "Length of the appointment in minutes; defaults to the appointment type's, else 30.", minimum: 5, maximum: 1440),
                    "appointment_type_id": S.uuid("An appointment type id from get_call_context (its duration and buffers apply)."),
                    "coordinator_id": S.uuid("Only this coordinator's availability."),
                ], required: ["date"]),
            result: S.result([
                "date": S.string("The day searched.", format: "date"), "timezone": S.string("IANA time zone of the business."),
                "duration_minutes": S.integer("Length of each slot."),
                "slots": S.array(S.speakable("A free slot.", end: true), description: "Free slots, earliest first."),
            ]),
            run: { fields, scope in
                let day = fields.localDay("date", required: true)
                let duration = fields.int("duration_minutes", in: Appointment.durationMinutes)
                let typeID = fields.uuid("appointment_type_id")
                let coordinatorID = fields.uuid("coordinator_id")
                try fields.validate()
                guard let day else { throw APIError.internalError }
                let zone = scope.organization.timeZone
                let found = try await operations.availability(
                    for: scope.organization, .init(day: day, durationMinutes: duration, appointmentTypeID: typeID, coordinatorID: coordinatorID))
                return try ToolResult(
                    ToolAvailability(
                        date: day.text, timezone: scope.organization.timezone, duration_minutes: found.duration,
                        slots: found.slots.map { SpokenSlot($0, in: zone) }))
            })
    }

    // MARK: find_customer

    static func findCustomer(_ operations: AgentOperations) -> AgentTool {
        AgentTool(
            name: "find_customer",
            description: """
                Look a customer up by phone number or e-mail (give at least one). Returns `found`, the customer's record, their \
                upcoming appointments (with the ids to reschedule or cancel) and recent calls.
                """,
            arguments: S.object([
                "phone": S.string("Phone number in any common format."),
                "email": S.string("E-mail address.", format: "email"),
            ]),
            result: S.result([
                "found": S.boolean("Whether a customer matched."), "customer": S.contact,
                "upcoming_appointments": S.array(S.appointment, description: "Their next appointments."),
                "recent_calls": S.array(S.call, description: "Their last calls, newest first."),
            ]),
            run: { fields, scope in
                let phone = fields.string("phone", maxLength: 40)
                let email = fields.string("email", maxLength: TextLimits.email)
                if phone == nil && email == nil && fields.errors.isEmpty {
                    fields.fail("phone", "Give a phone or an email to look up.")
                    fields.fail("email", "Give a phone or an email to look up.")
                }
                try fields.validate()
                let zone = scope.organization.timeZone
                guard let customer = try await operations.lookup(in: scope.organization, phone: phone, email: email) else {
                    return try ToolResult(["found": false, "customer": .null, "upcoming_appointments": [], "recent_calls": []] as JSONValue)
                }
                return try ToolResult(
                    ToolCustomer(
                        found: true, customer: ContactResponse(customer.contact),
                        upcoming_appointments: customer.upcoming.map { SpokenAppointment($0, in: zone) },
                        recent_calls: customer.recentCalls.map { SpokenCall($0, in: zone) }))
            })
    }

    // MARK: book_appointment

    static func bookAppointment(_ operations: AgentOperations) -> AgentTool {
        AgentTool(
            name: "book_appointment",
            description: """
                Book an appointment for the caller at a free time (check_availability first). Identify the caller by `contact_id`, \
                or by `name` with `phone` and/or `email` (found or created). If the time is taken, past or outside business hours, \
                the booking is refused with a `message` you can say and up to 3 `alternatives`: offer those.
                """,
            arguments: S.object(
                [
                    "start": startArgument,
                    "contact_id": S.uuid("The customer's id (from find_customer or get_call_context)."),
                    "name": S.string("The caller's name, when there is no contact_id."),
                    "phone": S.string("The caller's phone number, when there is no contact_id."),
                    "email": S.string("The caller's e-mail, when there is no contact_id.", format: "email"),
                    "duration_minutes": S.integer("Length in minutes; defaults to the appointment type's, else 30.", minimum: 5, maximum: 1440),
                    "appointment_type_id": S.uuid("The appointment type (from get_call_context)."),
                    "coordinator_id": S.uuid("The coordinator to book with."),
                    "title": S.string("A short title, e.g. \"Cleaning\" (kept in the notes)."),
                    "notes": S.string("Notes for the business."),
                ], required: ["start"]),
            result: S.appointment,
            run: { fields, scope in
                let organization = scope.organization
                let start = fields.agentTime("start", required: true, in: organization.timeZone)
                let (contactID, caller) = AgentOperations.BookingRequest.readCaller(&fields, countryCode: organization.countryCode)
                let duration = fields.int("duration_minutes", in: Appointment.durationMinutes)
                let typeID = fields.uuid("appointment_type_id")
                let coordinatorID = fields.uuid("coordinator_id")
                let title = fields.string("title")
                let notes = fields.longText("notes")
                try fields.validate()
                guard let start else { throw APIError.internalError }
                let joined = [title, notes].compactMap { $0 }.joined(separator: "\n")
                let booked = try await operations.book(
                    in: organization,
                    .init(
                        contactID: contactID, caller: caller, appointmentTypeID: typeID, coordinatorID: coordinatorID, scheduledAt: start,
                        durationMinutes: duration, notes: joined.isEmpty ? nil : joined, metadata: ["source": "ai_agent"]))
                return try ToolResult(SpokenAppointment(booked, in: organization.timeZone))
            })
    }

    // MARK: reschedule_appointment

    static func rescheduleAppointment(_ operations: AgentOperations) -> AgentTool {
        AgentTool(
            name: "reschedule_appointment",
            description: """
                Move an existing appointment to a new free time (same length). If the new time is taken, past or outside business \
                hours, it is refused with a `message` to say and up to 3 `alternatives`.
                """,
            arguments: S.object(
                ["appointment_id": S.uuid("The appointment to move (from find_customer or get_call_context)."), "start": startArgument],
                required: ["appointment_id", "start"]),
            result: S.appointment,
            run: { fields, scope in
                let organization = scope.organization
                let id = fields.uuid("appointment_id", required: true)
                let start = fields.agentTime("start", required: true, in: organization.timeZone)
                try fields.validate()
                guard let id, let start else { throw APIError.internalError }
                let moved = try await operations.reschedule(in: organization, appointmentID: id, to: start)
                return try ToolResult(SpokenAppointment(moved, in: organization.timeZone))
            })
    }

    // MARK: cancel_appointment

    static func cancelAppointment(_ operations: AgentOperations) -> AgentTool {
        AgentTool(
            name: "cancel_appointment",
            description: "Cancel an existing appointment, with the caller's reason if they gave one.",
            arguments: S.object(
                [
                    "appointment_id": S.uuid("The appointment to cancel (from find_customer or get_call_context)."),
                    "reason": S.string("Why it is cancelled, in a few words."),
                ], required: ["appointment_id"]),
            result: S.appointment,
            run: { fields, scope in
                let id = fields.uuid("appointment_id", required: true)
                let reason = fields.string("reason")
                try fields.validate()
                guard let id else { throw APIError.internalError }
                let cancelled = try await operations.cancel(in: scope.organization, appointmentID: id, reason: reason)
                return try ToolResult(SpokenAppointment(cancelled, in: scope.organization.timeZone))
            })
    }

    // MARK: create_lead

    static func createLead(_ operations: AgentOperations) -> AgentTool {
        AgentTool(
            name: "create_lead",
            description: """
                Save a new prospect's details for the business to follow up (give a phone or an e-mail). If a customer with that \
                phone or e-mail exists, that record is returned (`created` false) instead of a duplicate.
                """,
            arguments: S.object(
                [
                    "name": S.string("The person's name."), "phone": S.string("Phone number in any common format."),
                    "email": S.string("E-mail address.", format: "email"), "notes": S.string("What they are interested in."),
                ], required: ["name"]),
            result: S.result(["created": S.boolean("False when an existing customer matched."), "contact": S.contact]),
            run: { fields, scope in
                var input = ContactInput.read(&fields, creating: true, countryCode: scope.organization.countryCode)
                if (input.phone ?? nil) == nil && (input.email ?? nil) == nil && fields.errors["phone"] == nil && fields.errors["email"] == nil {
                    fields.fail("phone", "Give the lead's phone or email.")
                }
                try fields.validate()
                input.tags = input.tags ?? []
                let (contact, created) = try await operations.lead(in: scope.organization, input)
                return try ToolResult(ToolLead(created: created, contact: ContactResponse(contact)))
            })
    }

    // MARK: log_interaction

    static func logInteraction(_ operations: AgentOperations) -> AgentTool {
        AgentTool(
            name: "log_interaction",
            description: """
                Record what happened on this call or conversation when it ends: its type (e.g. "call"), the customer, duration, \
                transcript, summary and outcome. A "call" also creates a call record the business sees.
                """,
            arguments: S.object(
                [
                    "interaction_type": S.string("What kind of interaction: \"call\", \"sms\", \"chat\"…"),
                    "contact_id": S.uuid("The customer, if known."),
                    "coordinator_id": S.uuid("The coordinator who handled it."),
                    "campaign_call_id": S.uuid("The campaign call this was, for outbound campaigns."),
                    "status": S.string("How the call ended.", values: CallStatus.allCases.map(\.rawValue)),
                    "direction": S.string("Who called whom.", values: CallDirection.allCases.map(\.rawValue)),
                    "duration_seconds": S.integer("Length in seconds.", minimum: 0, maximum: 86_400),
                    "transcript": S.string("The transcript."), "summary": S.string("A short summary."),
                    "outcome": S.string("The outcome, e.g. \"appointment_scheduled\"."),
                    "metadata": S.anyObject("Anything else to keep, as a JSON object."),
                    "poll_responses": S.array(
                        S.object(["poll_id": S.uuid("The poll."), "answer": S.string("One of the poll's options.")], required: ["poll_id", "answer"]),
                        description: "Answers to the business's polls."),
                ], required: ["interaction_type"]),
            result: S.anyObject("The logged interaction: id, interaction_type, contact_id, call_id, status, duration_seconds, outcome, created_at."),
            run: { fields, scope in
                let logged = AgentOperations.InteractionRequest.read(&fields)
                try fields.validate()
                let interaction = try await operations.log(in: scope.organization, agentID: scope.agent.agentID, logged)
                return try ToolResult(InteractionResponse(interaction))
            })
    }
}

struct ToolAvailability: Encodable, Sendable {
    let date: String
    let timezone: String
    let duration_minutes: Int
    let slots: [SpokenSlot]
}

struct ToolCustomer: Encodable, Sendable {
    let found: Bool
    let customer: ContactResponse
    let upcoming_appointments: [SpokenAppointment]
    let recent_calls: [SpokenCall]
}

struct ToolLead: Encodable, Sendable {
    let created: Bool
    let contact: ContactResponse
}

extension FieldReader {
    /// A local day `YYYY-MM-DD`.
    mutating func localDay(_ key: String, required: Bool = false) -> LocalDay? {
        guard let text = string(key, required: required, maxLength: 10) else { return nil }
        guard let day = LocalDay(text) else {
            fail(key, "The \(key) must be a date as YYYY-MM-DD.")
            return nil
        }
        return day
    }

    /// A `start` an agent gives: local time without offset (read in `timeZone`) or an instant.
    mutating func agentTime(_ key: String, required: Bool = false, in timeZone: TimeZone) -> Date? {
        guard let text = string(key, required: required, maxLength: 40) else { return nil }
        switch AgentTime.parse(text, in: timeZone) {
        case .success(let instant): return instant
        case .failure(.skipped):
            fail(key, "The \(key) '\(text)' does not exist in \(timeZone.identifier): the clocks skip it that day. Pick another time.")
        case .failure(.unreadable):
            fail(key, "The \(key) must be a local time such as 2027-03-16T14:30 or an ISO 8601 instant such as 2027-03-16T18:30:00Z.")
        }
        return nil
    }
}
