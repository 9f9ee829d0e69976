import Foundation

/// Where a campaign is in its life: `draft` → `scheduled` (started before its
/// `scheduled_start`) → `running` → `completed`; `paused` and `cancelled` on request.
public enum CampaignStatus: String, CaseIterable, Sendable, Codable {
    case draft, scheduled, running, paused, completed, cancelled
}

/// An outbound calling campaign. Rows of `campaigns`.
struct Campaign: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    var coordinatorId: UUID?
    var name: String
    var description: String?
    var script: String?
    /// JSON array text of contact list ids.
    var contactListIds: String
    var status: CampaignStatus
    var scheduledStart: Date?
    var maxConcurrentCalls: Int
    var maxAttempts: Int
    var retryDelayMinutes: Int
    /// `CallingWindow` as JSON text.
    var callingWindow: String
    /// Free JSON object as text.
    var metadata: String
    /// Only contacts with `consent_at` are called (CONTRACT section 12).
    var requireConsent: Bool
    /// `RetryRules` as JSON text.
    var retryRules: String
    var startedAt: Date?
    var completedAt: Date?
    var cancelledAt: Date?
    let createdAt: Date
    var updatedAt: Date

    static let defaultMaxConcurrentCalls = 5
    static let defaultMaxAttempts = 3
    static let defaultRetryDelayMinutes = 60

    var listIDs: [UUID] {
        ((try? JSONCoding.decoder.decode([String].self, from: Data(contactListIds.utf8))) ?? []).compactMap({ UUID(text: $0) })
    }

    static func encodeListIDs(_ ids: [UUID]) -> String {
        (try? String(decoding: JSONCoding.storageEncoder.encode(ids.map(\.api)), as: UTF8.self)) ?? "[]"
    }

    var window: CallingWindow { CallingWindow.stored(callingWindow) }
    var retries: RetryRules { RetryRules.stored(retryRules) }
}

/// Where one contact of a campaign stands: `pending` (due at `next_attempt_at`),
/// `in_progress` (leased to an agent), then one of the final outcomes; `skipped` for
/// contacts who may not be called.
public enum CampaignCallStatus: String, CaseIterable, Sendable, Codable {
    case pending
    case inProgress = "in_progress"
    case completed, missed, voicemail, failed, skipped

    /// No more attempts will be made.
    var isFinal: Bool { ![.pending, .inProgress].contains(self) }
}

/// One contact of a campaign's audience snapshot and its progress. Rows of `campaign_calls`.
struct CampaignCall: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    let campaignId: UUID
    var contactId: UUID?
    /// Order of the snapshot: calls are made in this order (then by due time for retries).
    let position: Int
    /// The contact's time zone at the snapshot (the organization's when it had none): the
    /// calling window is read in it.
    let timezone: String
    var status: CampaignCallStatus
    /// Why a `skipped` call is not made (`ExclusionReason`).
    var skipReason: ExclusionReason?
    /// Attempts started (leases that were not abandoned).
    var attempts: Int
    /// The outcome of the latest attempt (`completed`, `missed`, `voicemail`, `failed`).
    var lastResult: CallStatus?
    var nextAttemptAt: Date?
    var leasedUntil: Date?
    var agentId: UUID?
    var completedAt: Date?
    let createdAt: Date
    var updatedAt: Date
}

/// The guide's six campaign statistics (CONTRACT section 5), then the remaining counts.
struct CampaignStats: Sendable, Encodable, Equatable {
    var total_contacts = 0
    var calls_made = 0
    var calls_completed = 0
    var calls_missed = 0
    var voicemails_left = 0
    var completion_rate: Double = 0
    var skipped = 0
    var pending = 0
    var in_progress = 0
    var failed = 0

    /// `completion_rate` = completed / made, rounded to 4 decimals (0 before any call).
    mutating func finish() {
        completion_rate = calls_made == 0 ? 0 : (Double(calls_completed) / Double(calls_made) * 10_000).rounded() / 10_000
    }
}
