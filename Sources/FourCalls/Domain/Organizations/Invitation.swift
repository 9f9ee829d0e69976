import Foundation

/// A pending invitation to an organization: the invitee joins by accepting it, signed in
/// with the invited e-mail address, within `lifetime`.
struct Invitation: Codable, Sendable {
    static let lifetime: TimeInterval = 7 * 24 * 3600

    let id: UUID
    let organizationId: UUID
    let email: String
    let emailNormalized: String
    let role: Role
    let tokenHash: String
    let invitedBy: UUID?
    let createdAt: Date
    let expiresAt: Date
}

/// An invitation with the name of its organization, as the invitee sees it.
struct ReceivedInvitation: Sendable {
    let invitation: Invitation
    let organizationName: String
}
