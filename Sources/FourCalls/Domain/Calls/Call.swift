import Foundation

public enum CallDirection: String, CaseIterable, Sendable, Codable {
    case inbound, outbound
}

public enum CallStatus: String, CaseIterable, Sendable, Codable {
    case completed, missed, voicemail, failed

    /// The event a call of this status fires: completed calls `call.completed`; missed and
    /// voicemail (nobody answered) `call.missed`; failed calls none.
    var event: EventName? {
        switch self {
        case .completed: .callCompleted
        case .missed, .voicemail: .callMissed
        case .failed: nil
        }
    }
}

/// A phone call a coordinator made or took. Rows of `calls`.
struct Call: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    var coordinatorId: UUID?
    var contactId: UUID?
    var direction: CallDirection
    var status: CallStatus
    var fromNumber: String?
    var toNumber: String?
    var startedAt: Date
    var durationSeconds: Int
    var transcript: String?
    var summary: String?
    var outcome: String?
    var recordingUrl: String?
    /// JSON object text.
    var metadata: String
    let createdAt: Date
}

/// The guide's call statistics.
struct CallStats: Encodable, Sendable {
    let total_calls: Int
    let completed_calls: Int
    let missed_calls: Int
    let voicemails: Int
    let failed_calls: Int
    let average_duration_seconds: Double
    /// `YYYY-MM-DD` in the organization's time zone → number of calls that started that day.
    let calls_by_date: [String: Int]
}
