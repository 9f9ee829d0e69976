import Foundation
import HTTPTypes
import Hummingbird

/// Retell's call webhooks, `POST /api/internal/ai/retell/webhook` (CONTRACT section 10):
/// `call_inbound` is answered with the caller's dynamic variables from the call-start
/// packet; `call_started`, `call_ended` and `call_analyzed` go to the call intake. When the
/// agent has a `retell_api_key`, `X-Retell-Signature` must match (401, nothing recorded).
struct RetellWebhookController {
    let operations: AgentOperations
    let agents: AgentService
    let clock: any AppClock

    func addRoutes(to group: RouterGroup<BusinessContext>) {
        group.post("retell/webhook", use: webhook)
    }

    @Sendable func webhook(_ request: Request, context: BusinessContext) async throws -> Response {
        let settings = try await agents.platformSettings(of: context.agent.agentID, in: context.organization.id)
        let now = clock.now()
        let envelope = try await PlatformEnvelope.verifiedObject(of: request, context: context, secret: settings.retellAPIKey) { key, body in
            PlatformSignature.retell(request.headers[.xRetellSignature], body: body, key: key, now: now)
        }
        guard let event = PlatformEnvelope.string(envelope["event"]) else {
            throw APIError.validation(field: "event", "The event field is required (call_inbound, call_started, call_ended, call_analyzed).")
        }
        switch event {
        case "call_inbound":
            let phone = PlatformEnvelope.string(envelope["call_inbound"]?["from_number"])
            let packet = try await operations.callContext(for: context.organization, phone: phone).packet
            return try ToolsController.json(["call_inbound": ["dynamic_variables": .object(Self.dynamicVariables(packet))]] as JSONValue)
        case "call_started", "call_ended", "call_analyzed":
            // `call` (older payloads: `data`) is the call object of Retell's get-call API.
            guard case .object(let call)? = envelope["call"] ?? envelope["data"] else {
                throw APIError.validation(field: "call", "The call field is required for \(event).")
            }
            var report = try Self.report(call)
            report.ended = event != "call_started"
            _ = try await operations.intake(report, in: context.organization, agentID: context.agent.agentID)
            return Response(status: .noContent)
        default:
            return Response(status: .noContent)
        }
    }

    /// A Retell call object as the intake's report.
    static func report(_ call: [String: JSONValue]) throws -> PlatformCallReport {
        guard let id = PlatformEnvelope.string(call["call_id"]) else {
            throw APIError.validation(field: "call.call_id", "The call's call_id is required.")
        }
        var report = PlatformCallReport(platform: "retell", callID: id)
        report.direction = PlatformEnvelope.string(call["direction"]) == "outbound" ? .outbound : .inbound
        report.phone = PlatformEnvelope.string(call[report.direction == .outbound ? "to_number" : "from_number"])
        let start = PlatformEnvelope.number(call["start_timestamp"])
        report.startedAt = start.map { Date(timeIntervalSince1970: $0 / 1000) }
        if let milliseconds = PlatformEnvelope.number(call["duration_ms"]) {
            report.durationSeconds = Int((milliseconds / 1000).rounded())
        } else if let start, let end = PlatformEnvelope.number(call["end_timestamp"]) {
            report.durationSeconds = Int(((end - start) / 1000).rounded())
        }
        report.endReason = PlatformEnvelope.string(call["disconnection_reason"])
        report.transcript = PlatformEnvelope.string(call["transcript"])
        report.summary = PlatformEnvelope.string(call["call_analysis"]?["call_summary"])
        report.outcome = PlatformEnvelope.string(call["call_analysis"]?["custom_analysis_data"]?["outcome"])
        report.recordingURL = PlatformEnvelope.string(call["recording_url"])
        report.campaignCallID = PlatformEnvelope.string(call["metadata"]?["campaign_call_id"]).flatMap { UUID(text: $0) }
        return report
    }

    /// The call-start packet as Retell's dynamic variables: flat, string values.
    static func dynamicVariables(_ packet: CallContext) -> [String: JSONValue] {
        var variables: [String: JSONValue] = [
            "business_name": .string(packet.business_name), "timezone": .string(packet.timezone),
            "current_time": .string(packet.now.spoken), "open_now": .string(packet.open_now ? "yes" : "no"),
            "caller_known": .string(packet.contact == nil ? "no" : "yes"),
            "customer_name": .string(packet.contact?.name ?? ""),
            "next_appointment": .string(packet.upcoming_appointments.first?.spoken ?? ""),
            "next_free_slots": .string(packet.next_free_slots.map(\.spoken).joined(separator: "; ")),
        ]
        if let opening = packet.next_opening { variables["next_opening"] = .string(opening.spoken) }
        return variables
    }
}

extension HTTPField.Name {
    static let xRetellSignature = Self("X-Retell-Signature")!
    static let elevenLabsSignature = Self("ElevenLabs-Signature")!
}
