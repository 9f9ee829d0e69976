import Foundation
import Hummingbird

/// ElevenLabs' post-call webhook, `POST /api/internal/ai/elevenlabs/webhook` (CONTRACT
/// section 10): `post_call_transcription` goes to the call intake; other types are
/// acknowledged. When the agent has an `elevenlabs_webhook_secret`, `ElevenLabs-Signature`
/// must match (401, nothing recorded).
struct ElevenLabsWebhookController {
    let operations: AgentOperations
    let agents: AgentService
    let clock: any AppClock

    func addRoutes(to group: RouterGroup<BusinessContext>) {
        group.post("elevenlabs/webhook", use: webhook)
    }

    @Sendable func webhook(_ request: Request, context: BusinessContext) async throws -> Response {
        let settings = try await agents.platformSettings(of: context.agent.agentID, in: context.organization.id)
        let now = clock.now()
        let envelope = try await PlatformEnvelope.verifiedObject(of: request, context: context, secret: settings.elevenLabsWebhookSecret) {
            secret, body in PlatformSignature.elevenLabs(request.headers[.elevenLabsSignature], body: body, secret: secret, now: now)
        }
        guard let type = PlatformEnvelope.string(envelope["type"]) else {
            throw APIError.validation(field: "type", "The type field is required (post_call_transcription).")
        }
        guard type == "post_call_transcription" else { return Response(status: .noContent) }
        guard case .object(let data)? = envelope["data"] else {
            throw APIError.validation(field: "data", "The data field is required for post_call_transcription.")
        }
        _ = try await operations.intake(try Self.report(data), in: context.organization, agentID: context.agent.agentID)
        return Response(status: .noContent)
    }

    /// A post-call transcription's `data` as the intake's report.
    static func report(_ data: [String: JSONValue]) throws -> PlatformCallReport {
        guard let id = PlatformEnvelope.string(data["conversation_id"]) else {
            throw APIError.validation(field: "data.conversation_id", "The conversation_id is required.")
        }
        var report = PlatformCallReport(platform: "elevenlabs", callID: id)
        let metadata = data["metadata"]
        let phoneCall = metadata?["phone_call"]
        report.direction = PlatformEnvelope.string(phoneCall?["direction"]) == "outbound" ? .outbound : .inbound
        report.phone = PlatformEnvelope.string(phoneCall?["external_number"])
        report.startedAt = PlatformEnvelope.number(metadata?["start_time_unix_secs"]).map { Date(timeIntervalSince1970: $0) }
        report.durationSeconds = PlatformEnvelope.number(metadata?["call_duration_secs"]).map { Int($0.rounded()) }
        report.endReason = PlatformEnvelope.string(metadata?["termination_reason"])
        if case .array(let turns)? = data["transcript"] {
            let lines = turns.compactMap { turn -> String? in
                guard let message = PlatformEnvelope.string(turn["message"]) else { return nil }
                return (PlatformEnvelope.string(turn["role"]) ?? "unknown") + ": " + message
            }
            report.transcript = lines.isEmpty ? nil : lines.joined(separator: "\n")
        }
        report.summary = PlatformEnvelope.string(data["analysis"]?["transcript_summary"])
        report.outcome = PlatformEnvelope.string(data["analysis"]?["data_collection_results"]?["outcome"]?["value"])
        report.campaignCallID = PlatformEnvelope.string(data["conversation_initiation_client_data"]?["dynamic_variables"]?["campaign_call_id"])
            .flatMap { UUID(text: $0) }
        return report
    }
}
