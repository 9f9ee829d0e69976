import Foundation
import Hummingbird

/// `/organizations/{orgId}/calls`: log, list with filters, show, stats.
struct CallsController {
    let calls: CallService
    let clock: any AppClock

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("calls", use: list)
        organization.post("calls", use: log)
        organization.get("calls/stats", use: stats)
        organization.get("calls/{callId}", use: show)
    }

    /// The guide's filters (`start_date`, `end_date`, `status`, `coordinator_id`) plus
    /// `direction` and `contact_id`; a bad value is a 422 naming the parameter.
    static func filter(_ request: Request, timeZone: TimeZone) throws -> CallService.Filter {
        let query = request.formQuery.values
        var filter = CallService.Filter()
        filter.range = try DateRangeFilter.read(query, timeZone: timeZone)
        var errors = FieldErrors()
        if let text = query["status"] {
            filter.status = CallStatus(rawValue: text)
            if filter.status == nil { errors.add("status", "The selected status is invalid. Allowed: completed, missed, voicemail, failed.") }
        }
        if let text = query["direction"] {
            filter.direction = CallDirection(rawValue: text)
            if filter.direction == nil { errors.add("direction", "The selected direction is invalid. Allowed: inbound, outbound.") }
        }
        for (key, path) in [("coordinator_id", \CallService.Filter.coordinatorID), ("contact_id", \.contactID)] {
            guard let text = query[key] else { continue }
            if let id = UUID(text: text) { filter[keyPath: path] = id } else { errors.add(key, "The \(key.replacingOccurrences(of: "_", with: " ")) must be a valid UUID.") }
        }
        if !errors.isEmpty { throw APIError.validation(errors.messages) }
        return filter
    }

    @Sendable func list(_ request: Request, context: OrganizationContext) async throws -> PageResponse<CallResponse> {
        let page = try APIBody.page(of: request)
        let filter = try Self.filter(request, timeZone: context.organization.timeZone)
        return PageResponse(try await calls.list(context.organization.id, filter: filter, page: page)) { CallResponse($0) }
    }

    @Sendable func stats(_ request: Request, context: OrganizationContext) async throws -> CallStats {
        try await calls.stats(context.organization, filter: try Self.filter(request, timeZone: context.organization.timeZone))
    }

    @Sendable func show(_ request: Request, context: OrganizationContext) async throws -> CallResponse {
        let id = try APIBody.id("callId", in: context, notFound: "Call not found.")
        return CallResponse(try await calls.find(id, in: context.organization.id))
    }

    @Sendable func log(_ request: Request, context: OrganizationContext) async throws -> some ResponseGenerator {
        try context.require(.writeRecords)
        var fields = try await APIBody.fields(of: request, context: context)
        let call = Self.read(&fields, organization: context.organization, now: clock.now())
        try fields.validate()
        guard let call else { throw APIError.internalError }
        return created(CallResponse(try await calls.log(call)))
    }

    /// Reads a call's fields (CONTRACT section 4); nil when a required one is missing.
    static func read(_ fields: inout FieldReader, organization: Organization, now: Date) -> Call? {
        let coordinatorID = fields.uuid("coordinator_id")
        let contactID = fields.uuid("contact_id")
        let direction = fields.oneOf("direction", CallDirection.self, required: true)
        let status = fields.oneOf("status", CallStatus.self, required: true)
        var numbers: [String: String] = [:]
        for key in ["from_number", "to_number"] {
            guard let text = fields.string(key, maxLength: 40) else { continue }
            if let number = PhoneNumber.normalize(text, countryCode: organization.countryCode) {
                numbers[key] = number
            } else {
                fields.fail(key, "The \(key.replacingOccurrences(of: "_", with: " ")) field must be a valid phone number.")
            }
        }
        let startedAt = fields.date("started_at") ?? now
        let duration = fields.int("duration_seconds", in: 0...86_400) ?? 0
        let transcript = fields.longText("transcript", maxBytes: TextLimits.transcriptBytes)
        let summary = fields.longText("summary")
        let outcome = fields.string("outcome", maxLength: 255)
        let recordingURL = fields.string("recording_url", maxLength: 2048)
        if let recordingURL, !(recordingURL.hasPrefix("https://") || recordingURL.hasPrefix("http://")) || URL(string: recordingURL) == nil {
            fields.fail("recording_url", "The recording url field must be an http or https URL.")
        }
        let metadata = fields.jsonObject("metadata") ?? .object([:])
        guard let direction, let status else { return nil }
        return Call(
            id: UUID.random(), organizationId: organization.id, coordinatorId: coordinatorID, contactId: contactID, direction: direction,
            status: status, fromNumber: numbers["from_number"], toNumber: numbers["to_number"], startedAt: startedAt,
            durationSeconds: duration, transcript: transcript, summary: summary, outcome: outcome, recordingUrl: recordingURL,
            metadata: metadata.jsonText(), createdAt: now)
    }
}
