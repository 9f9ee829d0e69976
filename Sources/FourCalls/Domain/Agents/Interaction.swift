import Foundation

/// Something an AI agent did with a contact: a call, a message. Rows of `ai_interactions`.
struct Interaction: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    let agentId: UUID?
    let interactionType: String
    let contactId: UUID?
    let coordinatorId: UUID?
    let campaignCallId: UUID?
    var callId: UUID?
    let status: String?
    let durationSeconds: Int
    let transcript: String?
    let outcome: String?
    /// JSON object text.
    let metadata: String
    let createdAt: Date
}

/// An answer to a poll, given during an interaction. Rows of `poll_responses`.
struct PollAnswer: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    let pollId: UUID
    let interactionId: UUID
    let contactId: UUID?
    let answer: String
    let createdAt: Date
}
