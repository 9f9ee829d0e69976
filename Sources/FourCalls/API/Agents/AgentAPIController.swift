import Foundation
import HTTPTypes
import Hummingbird

/// `/api/internal/ai/...`: the internal API AI voice agents call during live calls.
struct AgentAPIController {
    let agents: AgentService
    let operations: AgentOperations
    let dialer: CampaignDialer
    let storage: any Storage
    let clock: any AppClock
    /// Encoded context packets, reused while unchanged.
    let contextCache = ContextPacketCache()

    func addRoutes(agentAPI: RouterGroup<AppRequestContext>, business: RouterGroup<BusinessContext>) {
        agentAPI.post("auth", use: authenticate)
        business.get("context/{business_id}", use: context)
        business.get("calendar/{business_id}/availability", use: availability)
        business.post("calendar/{business_id}/bookings", use: book)
        business.get("crm/{business_id}/customers/lookup", use: lookup)
        business.post("crm/{business_id}/leads", use: lead)
        business.post("interactions/{business_id}", use: interaction)
        business.post("campaigns/{business_id}/calls/next", use: nextCampaignCall)
    }

    @Sendable func authenticate(_ request: Request, context: AppRequestContext) async throws -> AgentTokenResponse {
        var fields = try await APIBody.fields(of: request, context: context)
        let agentID = fields.string("agent_id", required: true)
        let apiKey = fields.secret("api_key", required: true, minLength: 1)
        try fields.validate()
        guard let agentID, let apiKey else { throw APIError.internalError }
        // An id that is not a UUID names no agent: the same 401 as a wrong key.
        guard let id = UUID(text: agentID) else { throw APIError.invalidCredentials }
        let token = try await agents.authenticate(agentID: id, apiKey: apiKey)
        return AgentTokenResponse(access_token: token, expires_in: Int(AgentService.tokenLifetime), token_type: "Bearer")
    }

    @Sendable func context(_ request: Request, context: BusinessContext) async throws -> Response {
        let query = request.formQuery
        var errors = FieldErrors()
        func limit(_ name: String, default value: Int, max: Int) -> Int {
            guard let text = query[name] else { return value }
            guard let number = Int(text), (0...max).contains(number) else {
                errors.add(name, "The \(name.replacingOccurrences(of: "_", with: " ")) must be an integer between 0 and \(max).")
                return value
            }
            return number
        }
        let contacts = limit("contacts_limit", default: ContextPacket.defaultContacts, max: ContextPacket.maxContacts)
        let appointments = limit("appointments_limit", default: ContextPacket.defaultAppointments, max: ContextPacket.maxAppointments)
        if !errors.isEmpty { throw APIError.validation(errors.messages) }
        let now = clock.now()
        let packet = try await ContextPacket.encoded(
            for: context.organization, contactsLimit: contacts, appointmentsLimit: appointments, now: now, storage: storage, cache: contextCache)
        var headers: HTTPFields = [.eTag: packet.etag, .cacheControl: "private, no-cache"]
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == packet.etag }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "application/json; charset=utf-8"
        let body = packet.body(currentTime: SpeakableTime.local(now, in: context.organization.timeZone))
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    @Sendable func availability(_ request: Request, context: BusinessContext) async throws -> AvailabilityResponse {
        let query = request.formQuery
        var errors = FieldErrors()
        let day = query["date"].flatMap { LocalDay($0) }
        if day == nil { errors.add("date", query["date"] == nil ? "The date field is required." : "The date must be a date as YYYY-MM-DD.") }
        var duration: Int?
        if let text = query["duration_minutes"] {
            if let value = Int(text), Appointment.durationMinutes.contains(value) { duration = value } else {
                errors.add("duration_minutes", "The duration minutes must be an integer between 5 and 1440.")
            }
        }
        var notice = 0
        if let text = query["minimum_notice_minutes"] {
            if let value = Int(text), (0...10_080).contains(value) { notice = value } else {
                errors.add("minimum_notice_minutes", "The minimum notice minutes must be an integer between 0 and 10080.")
            }
        }
        var ids: [String: UUID] = [:]
        for key in ["appointment_type_id", "coordinator_id"] {
            guard let text = query[key] else { continue }
            if let id = UUID(text: text) { ids[key] = id } else { errors.add(key, "The \(key.replacingOccurrences(of: "_", with: " ")) must be a valid UUID.") }
        }
        if !errors.isEmpty { throw APIError.validation(errors.messages) }
        guard let day else { throw APIError.internalError }
        let result = try await operations.availability(
            for: context.organization,
            .init(day: day, durationMinutes: duration, appointmentTypeID: ids["appointment_type_id"],
                  coordinatorID: ids["coordinator_id"], minimumNoticeMinutes: notice))
        return AvailabilityResponse(
            business_id: context.organization.id.api, date: day.text, timezone: context.organization.timezone,
            duration_minutes: result.duration, slots: result.slots.map { SlotResponse(start: $0.lowerBound, end: $0.upperBound) })
    }

    @Sendable func book(_ request: Request, context: BusinessContext) async throws -> some ResponseGenerator {
        var fields = try await APIBody.fields(of: request, context: context)
        let (contactID, caller) = AgentOperations.BookingRequest.readCaller(&fields, countryCode: context.organization.countryCode)
        let typeID = fields.uuid("appointment_type_id")
        let coordinatorID = fields.uuid("coordinator_id")
        let scheduledAt = fields.date("scheduled_at", required: true)
        let duration = fields.int("duration_minutes", in: Appointment.durationMinutes)
        let notes = fields.longText("notes")
        let metadata = fields.jsonObject("metadata")
        try fields.validate()
        guard let scheduledAt else { throw APIError.internalError }
        let appointment = try await operations.book(
            in: context.organization,
            .init(contactID: contactID, caller: caller, appointmentTypeID: typeID, coordinatorID: coordinatorID, scheduledAt: scheduledAt,
                  durationMinutes: duration, notes: notes, metadata: metadata))
        return created(AppointmentResponse(appointment))
    }

    @Sendable func lookup(_ request: Request, context: BusinessContext) async throws -> LookupResponse {
        let query = request.formQuery
        let phone = query.phone("phone")
        let email = query.text("email")
        guard phone != nil || email != nil else {
            throw APIError.validation(["phone": ["Give a phone or an email to look up."], "email": ["Give a phone or an email to look up."]])
        }
        guard let customer = try await operations.lookup(in: context.organization, phone: phone, email: email) else {
            return LookupResponse(found: false, customer: nil, upcoming_appointments: [], recent_calls: [])
        }
        return LookupResponse(
            found: true, customer: ContactResponse(customer.contact), upcoming_appointments: customer.upcoming.map(AppointmentResponse.init),
            recent_calls: customer.recentCalls.map(CallResponse.init))
    }

    @Sendable func lead(_ request: Request, context: BusinessContext) async throws -> EditedResponse<ContactResponse> {
        var fields = try await APIBody.fields(of: request, context: context)
        let input = ContactInput.read(&fields, creating: true, countryCode: context.organization.countryCode)
        if (input.phone ?? nil) == nil && (input.email ?? nil) == nil && fields.errors["phone"] == nil && fields.errors["email"] == nil {
            fields.fail("phone", "Give the lead's phone or email.")
        }
        try fields.validate()
        let (contact, created) = try await operations.lead(in: context.organization, input)
        return EditedResponse(status: created ? .created : .ok, response: ContactResponse(contact))
    }

    @Sendable func interaction(_ request: Request, context: BusinessContext) async throws -> some ResponseGenerator {
        var fields = try await APIBody.fields(of: request, context: context)
        let logged = AgentOperations.InteractionRequest.read(&fields)
        try fields.validate()
        let interaction = try await operations.log(in: context.organization, agentID: context.agent.agentID, logged)
        return created(InteractionResponse(interaction))
    }

    /// Leases the next due campaign call (optionally of one campaign); 204 when none is due.
    @Sendable func nextCampaignCall(_ request: Request, context: BusinessContext) async throws -> Response {
        var fields = try await APIBody.fields(of: request, context: context)
        let campaignID = fields.uuid("campaign_id")
        try fields.validate()
        guard let lease = try await dialer.leaseNext(in: context.organization, agentID: context.agent.agentID, campaignID: campaignID) else {
            return Response(status: .noContent)
        }
        return try CampaignLeaseResponse(lease).response(from: request, context: context)
    }
}
