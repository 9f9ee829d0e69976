import Foundation

/// A voice platform's end-of-call report, read from its envelope by the platform's adapter
/// (CONTRACT section 10, call intake). Nothing here knows a platform's format.
struct PlatformCallReport: Sendable {
    /// `vapi`, `retell`, `elevenlabs`.
    var platform: String
    /// The platform's id of the call: with `platform`, the key that makes a report count once.
    var callID: String
    var direction: CallDirection = .inbound
    /// The other party's number: the caller's on an inbound call, the callee's on an outbound one.
    var phone: String?
    var startedAt: Date?
    var durationSeconds: Int?
    /// The platform's end reason, mapped to the call status.
    var endReason: String?
    /// The outcome the platform's analysis gave the call (e.g. `opt_out`, CONTRACT section
    /// 12), when the assistant was set up to extract one; else the end reason is the outcome.
    var outcome: String?
    var transcript: String?
    var summary: String?
    var recordingURL: String?
    /// A campaign call the platform's call was (from the call's metadata).
    var campaignCallID: UUID?
    /// False for a report of a call still going on (Retell's `call_started`): it claims the
    /// call's key but records nothing until a report of its end.
    var ended = true

    /// Voicemail reasons → `voicemail`; no answer, busy and failures to connect → `missed`;
    /// any other → `completed`.
    static func status(forEndReason reason: String?) -> CallStatus {
        guard let reason = reason?.lowercased() else { return .completed }
        if reason.contains("voicemail") || reason.contains("machine") { return .voicemail }
        let missed = ["no-answer", "no_answer", "did-not-answer", "not-answer", "busy", "failed-to-connect", "failed_to_connect",
                      "dial_failed", "dial-failed", "could-not-connect", "unreachable", "invalid-number", "invalid_destination"]
        return missed.contains { reason.contains($0) } ? .missed : .completed
    }
}

extension AgentOperations {
    /// Takes a platform's report in: the first report of a platform's call's end makes one
    /// call record and one interaction (the events of `POST .../interactions`, a campaign call
    /// settled); any later report of it, in any order or at the same time, only fills the
    /// call's fields still empty. The key is inserted first, in the same transaction, and its
    /// row locked, so concurrent reports cannot both create (the database's key decides).
    /// Returns the call record and whether this report created it.
    func intake(_ report: PlatformCallReport, in organization: Organization, agentID: UUID) async throws -> (callID: UUID?, created: Bool) {
        let now = clock.now()
        return try await storage.transaction { db in
            // The key's row, locked: reports of one call take turns, so exactly one makes the record.
            let platformCalls = PlatformCallRepository(db: db)
            if let existing = try await platformCalls.claim(
                organizationID: organization.id, platform: report.platform, callID: report.callID, now: now)
            {
                try await platformCalls.fillEmpty(
                    callID: existing, organizationID: organization.id, transcript: report.transcript, summary: report.summary,
                    recordingURL: report.recordingURL, durationSeconds: report.durationSeconds)
                return (existing, false)
            }
            guard report.ended else { return (nil, false) }
            // The other party: matched by phone, else created.
            var contactID: UUID?
            if let phone = report.phone.flatMap({ PhoneNumber.normalize($0, countryCode: organization.countryCode) }) {
                if let found = try await ContactRepository(db: db).find(email: nil, phone: phone, organizationID: organization.id) {
                    contactID = found.contact.id
                } else {
                    var caller = ContactInput()
                    caller.name = phone
                    caller.phone = .some(phone)
                    contactID = try await ContactService.insert(caller, organizationID: organization.id, now: now, on: db).contact.id
                }
            }
            var logged = InteractionRequest(
                type: "call", durationSeconds: max(0, min(report.durationSeconds ?? 0, 86_400)),
                metadata: ["platform": .string(report.platform), "platform_call_id": .string(report.callID)], pollResponses: [])
            logged.contactID = contactID
            logged.status = PlatformCallReport.status(forEndReason: report.endReason)
            logged.direction = report.direction
            logged.transcript = report.transcript.map { String($0.prefix(TextLimits.transcriptBytes / 4)) }
            logged.summary = report.summary
            logged.outcome = (report.outcome ?? report.endReason).map { String($0.prefix(255)) }
            logged.startedAt = report.startedAt
            logged.recordingURL = report.recordingURL
            if report.direction == .inbound { logged.fromNumber = report.phone } else { logged.toNumber = report.phone }
            // A report for a campaign call this business does not have is a plain call.
            if let campaignCallID = report.campaignCallID,
                try await TenantRows<CampaignCall>(db: db).find(id: campaignCallID, organizationID: organization.id) != nil
            {
                logged.campaignCallID = campaignCallID
            }
            let interaction = try await Self.log(logged, in: organization, agentID: agentID, now: now, on: db)
            if let recordID = interaction.callId {
                try await platformCalls.link(organizationID: organization.id, platform: report.platform, callID: report.callID, to: recordID)
            }
            return (interaction.callId, true)
        }
    }
}
