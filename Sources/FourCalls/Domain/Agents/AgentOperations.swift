import Crypto
import Foundation
import SQLKit

/// What AI voice agents do in the middle of a call (CONTRACT section 7): read the business's
/// context, find free slots, look callers up, book, capture leads and log interactions.
struct AgentOperations: Sendable {
    let storage: any Storage
    let clock: any AppClock
    /// Minutes between slot starts (`slot_interval_minutes`).
    var slotIntervalMinutes = 30
    /// The call-start packet's free slots, per calendar version.
    var freeSlots = FreeSlotsCache()
    /// The call-start packet's business part (appointment types, coordinator, FAQs, the
    /// calendar's version), reused until a write commits, and for a second at most (other
    /// instances' writes).
    var businesses = CommittedReadCache<UUID, CallContext.Business>()
    /// Callers as `lookup` reads them (the call-start packet's caller part too), and days'
    /// calculators as `availability` reads them: what an agent asks again and again while a
    /// caller waits. Reused like `businesses`: a write committed in this instance makes the
    /// next read fresh; another instance's shows within a second.
    var callers = CommittedReadCache<CallerKey, Customer?>()
    var days = CommittedReadCache<DayKey, (AvailabilityCalculator, Int)>()

    struct CallerKey: Hashable, Sendable {
        let organizationID: UUID
        let phone: String?
        let email: String?
    }

    struct DayKey: Hashable, Sendable {
        let organizationID: UUID
        let day: LocalDay
        let durationMinutes: Int?
        let appointmentTypeID: UUID?
        let coordinatorID: UUID?
    }

    // MARK: Availability

    struct AvailabilityQuery: Sendable {
        var day: LocalDay
        /// Nil: the appointment type's duration, else 30 minutes.
        var durationMinutes: Int?
        var appointmentTypeID: UUID?
        var coordinatorID: UUID?
        /// Slots start at least this long after now.
        var minimumNoticeMinutes = 0
    }

    /// The calculator for a day of `organization` (or the days from `day` through `lastDay`),
    /// loaded with their busy time in one query. `excluding`: an appointment being moved,
    /// whose own busy time does not count.
    func calculator(for organization: Organization, day: LocalDay, through lastDay: LocalDay? = nil, durationMinutes: Int?, typeID: UUID?,
                    coordinatorID: UUID?, excluding: UUID? = nil, on db: any SQLDatabase) async throws -> (AvailabilityCalculator, Int) {
        var errors = FieldErrors()
        var type: AppointmentType?
        if let typeID {
            type = try await TenantRows<AppointmentType>(db: db).find(id: typeID, organizationID: organization.id)
            if type == nil { errors.add("appointment_type_id", "The selected appointment type id is invalid.") }
        }
        var hours = BusinessHours.stored(organization.businessHours)
        if let coordinatorID {
            if let coordinator = try await TenantRows<Coordinator>(db: db).find(id: coordinatorID, organizationID: organization.id) {
                hours = BusinessHours.stored(coordinator.availability)
            } else {
                errors.add("coordinator_id", "The selected coordinator id is invalid.")
            }
        }
        if !errors.isEmpty { throw APIError.validation(errors.messages) }
        let duration = durationMinutes ?? type?.durationMinutes ?? 30
        let zone = organization.timeZone
        // Busy time a slot of the day can touch: slots lie inside the day, and reach out of it
        // by their buffers at most.
        let bufferBefore = type?.bufferBeforeMinutes ?? 0
        let bufferAfter = type?.bufferAfterMinutes ?? 0
        let from = day.start(in: zone).addingTimeInterval(-TimeInterval(bufferBefore * 60))
        let until = (lastDay ?? day).next.start(in: zone).addingTimeInterval(TimeInterval(bufferAfter * 60))
        let busy = try await AppointmentRepository(db: db).busySpans(
            overlapping: from..<until, organizationID: organization.id, excluding: excluding)
        let calculator = AvailabilityCalculator(
            timeZone: zone, hours: hours, durationMinutes: duration, bufferBeforeMinutes: bufferBefore,
            bufferAfterMinutes: bufferAfter, slotIntervalMinutes: slotIntervalMinutes, busy: busy,
            capacity: organization.bookingCapacity, earliestStart: clock.now())
        return (calculator, duration)
    }

    func availability(for organization: Organization, _ query: AvailabilityQuery) async throws -> (slots: [Range<Date>], duration: Int) {
        let key = DayKey(
            organizationID: organization.id, day: query.day, durationMinutes: query.durationMinutes,
            appointmentTypeID: query.appointmentTypeID, coordinatorID: query.coordinatorID)
        let (dayCalculator, duration) = try await days.value(key, commits: storage.changes.commits) { [self] in
            try await storage.read { db in
                try await calculator(
                    for: organization, day: query.day, durationMinutes: query.durationMinutes, typeID: query.appointmentTypeID,
                    coordinatorID: query.coordinatorID, on: db)
            }
        }
        // Slots start after now (plus the notice asked for), whenever the busy time was read.
        var noticed = dayCalculator
        noticed.earliestStart = clock.now().addingTimeInterval(TimeInterval(query.minimumNoticeMinutes * 60))
        return (noticed.slots(on: query.day), duration)
    }

    // MARK: Lookup

    struct Customer: Sendable {
        let contact: TaggedContact
        let upcoming: [AppointmentWithContact]
        let recentCalls: [Call]
    }

    /// The contact with this phone (any common format) or e-mail, its next appointments and
    /// its last calls (`lookupLimit` of each).
    func lookup(in organization: Organization, phone: String?, email: String?) async throws -> Customer? {
        let normalizedPhone = phone.flatMap { PhoneNumber.normalize($0, countryCode: organization.countryCode) }
        return try await lookup(organizationID: organization.id, phone: normalizedPhone, email: email)
    }

    static let lookupLimit = 10

    /// `lookup` by a phone already normalized.
    func lookup(organizationID: UUID, phone: String?, email: String?) async throws -> Customer? {
        let key = CallerKey(organizationID: organizationID, phone: phone, email: email.map(EmailAddress.normalized))
        let now = clock.now()
        let customer = try await callers.value(key, commits: storage.changes.commits) { [storage] in
            try await storage.read { db in
                guard let tagged = try await ContactRepository(db: db).find(email: email, phone: phone, organizationID: organizationID)
                else { return nil }
                let contact = tagged.contact
                let upcoming = try await AppointmentRepository(db: db).upcoming(
                    contactID: contact.id, organizationID: organizationID, from: now, limit: Self.lookupLimit)
                let calls = try await CallRepository(db: db).recent(contactID: contact.id, organizationID: organizationID, limit: Self.lookupLimit)
                return Customer(
                    contact: tagged,
                    upcoming: upcoming.map { AppointmentWithContact(appointment: $0, contact: contact) }, recentCalls: calls)
            }
        }
        // Read up to a second ago: an appointment that has started since is no longer upcoming.
        return customer.map { customer in
            Customer(contact: customer.contact, upcoming: customer.upcoming.filter { $0.appointment.scheduledAt >= now },
                     recentCalls: customer.recentCalls)
        }
    }

    // MARK: Bookings

    struct BookingRequest: Sendable {
        var contactID: UUID?
        var caller: ContactInput?
        var appointmentTypeID: UUID?
        var coordinatorID: UUID?
        var scheduledAt: Date
        var durationMinutes: Int?
        var notes: String?
        var metadata: JSONValue?

        /// Who the booking is for: `contact_id`, or the caller's `name` with a `phone` or
        /// `email` (found or created when booking).
        static func readCaller(_ fields: inout FieldReader, countryCode: String) -> (UUID?, ContactInput?) {
            let contactID = fields.uuid("contact_id")
            var caller: ContactInput?
            if contactID == nil {
                if fields.isPresent("name") || fields.isPresent("phone") || fields.isPresent("email") {
                    caller = ContactInput.read(&fields, creating: true, countryCode: countryCode)
                    if (caller?.phone ?? nil) == nil && (caller?.email ?? nil) == nil {
                        fields.fail("phone", "Give the caller's phone or email (or a contact_id).")
                    }
                } else {
                    fields.fail("contact_id", "The contact id field is required (or the caller's name with a phone or email).")
                }
            }
            return (contactID, caller)
        }
    }

    /// Books for a caller: the contact is found by phone or e-mail, or created. Stricter than
    /// the REST API: the time must be in the future, inside business hours (or the
    /// coordinator's availability) and free, else 409 `SLOT_UNAVAILABLE`.
    func book(in organization: Organization, _ request: BookingRequest) async throws -> AppointmentWithContact {
        let now = clock.now()
        return try await offeringAlternatives(
            in: organization, requested: request.scheduledAt, durationMinutes: request.durationMinutes, typeID: request.appointmentTypeID,
            coordinatorID: request.coordinatorID
        ) {
            try await storage.transaction { db in
                var contactID = request.contactID
                if contactID == nil, let caller = request.caller {
                    let existing = try await ContactRepository(db: db).find(
                        email: caller.email ?? nil, phone: caller.phone ?? nil, organizationID: organization.id)
                    if let existing {
                        contactID = existing.contact.id
                    } else {
                        contactID = try await ContactService.insert(caller, organizationID: organization.id, now: now, on: db).contact.id
                    }
                }
                guard let contactID else { throw APIError.validation(field: "contact_id", "Give contact_id, or the caller's name with a phone or email.") }
                let day = LocalDay(containing: request.scheduledAt, in: organization.timeZone)
                let (calculator, duration) = try await calculator(
                    for: organization, day: day, durationMinutes: request.durationMinutes, typeID: request.appointmentTypeID,
                    coordinatorID: request.coordinatorID, on: db)
                let slot = request.scheduledAt..<request.scheduledAt.addingTimeInterval(TimeInterval(duration * 60))
                guard slot.lowerBound > now else { throw SlotRefusal.past }
                guard calculator.isWithinHours(slot) else { throw SlotRefusal.outsideHours }
                let booking = AppointmentService.Booking(
                    contactID: contactID, appointmentTypeID: request.appointmentTypeID, coordinatorID: request.coordinatorID,
                    scheduledAt: request.scheduledAt, durationMinutes: duration, notes: request.notes, metadata: request.metadata)
                return try await AppointmentService.book(booking, organizationID: organization.id, now: now, on: db)
            }
        }
    }

    /// Moves a live appointment, checked like an agent booking (future, inside hours, free;
    /// its own time does not count against it); a refusal offers alternatives.
    func reschedule(in organization: Organization, appointmentID: UUID, to start: Date) async throws -> AppointmentWithContact {
        let appointments = AppointmentService(storage: storage, clock: clock)
        let appointment = try await appointments.find(appointmentID, in: organization.id).appointment
        let now = clock.now()
        return try await offeringAlternatives(
            in: organization, requested: start, durationMinutes: appointment.durationMinutes, typeID: appointment.appointmentTypeId,
            coordinatorID: appointment.coordinatorId, excluding: appointment.id
        ) {
            guard start > now else { throw SlotRefusal.past }
            let within = try await storage.read { db in
                let (calculator, _) = try await calculator(
                    for: organization, day: LocalDay(containing: start, in: organization.timeZone), durationMinutes: appointment.durationMinutes,
                    typeID: appointment.appointmentTypeId, coordinatorID: appointment.coordinatorId, excluding: appointment.id, on: db)
                return calculator.isWithinHours(start..<start.addingTimeInterval(TimeInterval(appointment.durationMinutes * 60)))
            }
            guard within else { throw SlotRefusal.outsideHours }
            return try await appointments.update(appointmentID, in: organization.id, with: .init(scheduledAt: start))
        }
    }

    /// Cancels a live appointment (`appointment.cancelled`); 409 when it is not live.
    func cancel(in organization: Organization, appointmentID: UUID, reason: String?) async throws -> AppointmentWithContact {
        try await AppointmentService(storage: storage, clock: clock).transition(appointmentID, in: organization.id, to: .cancelled, reason: reason)
    }

    // MARK: Leads

    /// A contact tagged `lead` with `metadata.source` `ai_agent`; an existing contact with
    /// the same phone or e-mail is returned instead (`created` false).
    func lead(in organization: Organization, _ input: ContactInput) async throws -> (TaggedContact, created: Bool) {
        let now = clock.now()
        return try await storage.transaction { db in
            let contacts = ContactRepository(db: db)
            if let existing = try await contacts.find(email: input.email ?? nil, phone: input.phone ?? nil, organizationID: organization.id) {
                return (existing, false)
            }
            var lead = input
            lead.tags = ContactInput.cleanTags((input.tags ?? []) + ["lead"])
            var metadata: [String: JSONValue] = [:]
            if case .object(let given)? = input.metadata { metadata = given }
            metadata["source"] = .string("ai_agent")
            lead.metadata = .object(metadata)
            return (try await ContactService.insert(lead, organizationID: organization.id, now: now, on: db), true)
        }
    }

    // MARK: Interactions

    struct InteractionRequest: Sendable {
        var type: String
        var contactID: UUID?
        var coordinatorID: UUID?
        var campaignCallID: UUID?
        var status: CallStatus?
        var direction: CallDirection?
        var durationSeconds: Int
        var transcript: String?
        var summary: String?
        var outcome: String?
        var metadata: JSONValue
        var pollResponses: [(pollID: UUID, answer: String)]
        /// What a platform's report adds to the call record (call intake).
        var fromNumber: String? = nil
        var toNumber: String? = nil
        var startedAt: Date? = nil
        var recordingURL: String? = nil

        /// The interactions body (CONTRACT section 7); problems go into `fields`.
        static func read(_ fields: inout FieldReader) -> InteractionRequest {
            let type = fields.string("interaction_type", required: true, maxLength: 50)
            var logged = InteractionRequest(type: type ?? "", durationSeconds: 0, metadata: .object([:]), pollResponses: [])
            logged.contactID = fields.uuid("contact_id")
            logged.coordinatorID = fields.uuid("coordinator_id")
            logged.campaignCallID = fields.uuid("campaign_call_id")
            logged.status = fields.oneOf("status", CallStatus.self)
            logged.direction = fields.oneOf("direction", CallDirection.self)
            logged.durationSeconds = fields.int("duration_seconds", in: 0...86_400) ?? 0
            logged.transcript = fields.longText("transcript", maxBytes: TextLimits.transcriptBytes)
            logged.summary = fields.longText("summary")
            logged.outcome = fields.string("outcome", maxLength: 255)
            logged.metadata = fields.jsonObject("metadata") ?? .object([:])
            if let value = fields.raw("poll_responses") {
                if case .array(let items) = value {
                    for (index, item) in items.enumerated() {
                        guard case .string(let pollText)? = item["poll_id"], let pollID = UUID(text: pollText) else {
                            fields.fail("poll_responses.\(index).poll_id", "Each poll response needs a poll_id (UUID).")
                            continue
                        }
                        guard case .string(let answer)? = item["answer"], !answer.isEmpty else {
                            fields.fail("poll_responses.\(index).answer", "Each poll response needs an answer.")
                            continue
                        }
                        if let problem = TextLimits.lineProblem(answer, maxLength: TextLimits.line) {
                            fields.fail("poll_responses.\(index).answer", "The answer \(problem).")
                            continue
                        }
                        logged.pollResponses.append((pollID, answer))
                    }
                } else {
                    fields.fail("poll_responses", "The poll responses field must be an array of {poll_id, answer}.")
                }
            }
            return logged
        }
    }

    /// Stores an interaction; a `call` also creates a call record (`call.completed` or
    /// `call.missed`); poll answers are stored; `ai_interaction.logged` always fires.
    func log(in organization: Organization, agentID: UUID, _ request: InteractionRequest) async throws -> Interaction {
        let now = clock.now()
        return try await storage.transaction { db in try await Self.log(request, in: organization, agentID: agentID, now: now, on: db) }
    }

    /// `log` inside the caller's transaction (the call intake's too).
    static func log(_ request: InteractionRequest, in organization: Organization, agentID: UUID, now: Date, on db: any SQLDatabase) async throws
        -> Interaction
    {
        var errors = FieldErrors()
        var polls: [UUID: Poll] = [:]
        for (index, response) in request.pollResponses.enumerated() {
            guard let poll = try await TenantRows<Poll>(db: db).find(id: response.pollID, organizationID: organization.id) else {
                errors.add("poll_responses.\(index).poll_id", "The selected poll id is invalid.")
                continue
            }
            if !poll.optionList.contains(where: { $0.caseInsensitiveCompare(response.answer) == .orderedSame }) {
                errors.add("poll_responses.\(index).answer", "The answer must be one of the poll's options: \(poll.optionList.joined(separator: ", ")).")
            }
            polls[poll.id] = poll
        }
        if !errors.isEmpty { throw APIError.validation(errors.messages) }
        // A campaign call's result: its contact and coordinator are the call's defaults,
        // and the attempt always makes a call record.
        var contactID = request.contactID
        var coordinatorID = request.coordinatorID
        var campaign: Campaign?
        var toNumber: String?
        if let campaignCallID = request.campaignCallID {
            let (call, owner) = try await CampaignDialer.record(
                request.status ?? .completed, for: campaignCallID, organizationID: organization.id, now: now, on: db)
            campaign = owner
            contactID = contactID ?? call.contactId
            coordinatorID = coordinatorID ?? owner.coordinatorId
            if contactID == call.contactId, let id = call.contactId {
                toNumber = try await TenantRows<Contact>(db: db).find(id: id, organizationID: organization.id)?.phone
            }
        }
        var interaction = Interaction(
            id: UUID.random(), organizationId: organization.id, agentId: agentID, interactionType: request.type, contactId: contactID,
            coordinatorId: coordinatorID, campaignCallId: request.campaignCallID, callId: nil,
            status: request.status?.rawValue, durationSeconds: request.durationSeconds, transcript: request.transcript,
            outcome: request.outcome, metadata: request.metadata.jsonText(), createdAt: now)
        if request.type == "call" || campaign != nil {
            let call = Call(
                id: UUID.random(), organizationId: organization.id, coordinatorId: coordinatorID, contactId: contactID,
                direction: request.direction ?? (campaign != nil ? .outbound : .inbound), status: request.status ?? .completed,
                fromNumber: request.fromNumber, toNumber: toNumber ?? request.toNumber,
                startedAt: request.startedAt ?? now.addingTimeInterval(-TimeInterval(request.durationSeconds)),
                durationSeconds: request.durationSeconds,
                transcript: request.transcript, summary: request.summary, outcome: request.outcome, recordingUrl: request.recordingURL,
                metadata: request.metadata.jsonText(), createdAt: now)
            interaction.callId = try await CallService.insert(call, now: now, on: db).id
        } else {
            // A call's references are checked by the call record; others here (422, not a 500 from a foreign key).
            if let contactID,
                try await TenantRows<Contact>(db: db).find(id: contactID, organizationID: organization.id) == nil
            {
                errors.add("contact_id", "The selected contact id is invalid.")
            }
            if let coordinatorID,
                try await TenantRows<Coordinator>(db: db).find(id: coordinatorID, organizationID: organization.id) == nil
            {
                errors.add("coordinator_id", "The selected coordinator id is invalid.")
            }
            if !errors.isEmpty { throw APIError.validation(errors.messages) }
            // A call's opt-out is the call record's; any other interaction's is taken here.
            if SuppressionService.isOptOut(request.outcome) {
                try await SuppressionService.optOut(
                    contactID: contactID, number: nil, callID: nil, organizationID: organization.id, now: now, on: db)
            }
        }
        let interactions = InteractionRepository(db: db)
        try await interactions.insert(interaction)
        for response in request.pollResponses {
            let option = polls[response.pollID]?.optionList.first { $0.caseInsensitiveCompare(response.answer) == .orderedSame } ?? response.answer
            try await interactions.insert(
                PollAnswer(
                    id: UUID.random(), organizationId: organization.id, pollId: response.pollID, interactionId: interaction.id,
                    contactId: contactID, answer: option, createdAt: now))
        }
        try await EventRecorder.record(
            .aiInteractionLogged, organizationID: organization.id, data: .interaction(interaction), at: now, on: db)
        if var campaign { try await CampaignDialer.completeIfDone(&campaign, now: now, on: db) }
        return interaction
    }

    // MARK: Poll results

    /// How many times each option was answered.
    static func pollResults(_ poll: Poll, storage: any Storage) async throws -> [(String, Int)] {
        let counts = try await storage.read { db in
            try await InteractionRepository(db: db).answerCounts(pollID: poll.id, organizationID: poll.organizationId)
        }
        return poll.optionList.map { ($0, counts[$0] ?? 0) }
    }
}
