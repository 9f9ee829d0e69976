import Foundation
import Hummingbird

/// An invitation as its organization sees it; `invite_token` only in the create response.
struct InvitationResponse: ResponseEncodable, Sendable {
    let id: String
    let email: String
    let role: Role
    let status: String
    let expires_at: Date
    let created_at: Date
    let invite_token: String?

    init(_ invitation: Invitation, token: String? = nil) {
        id = invitation.id.api
        email = invitation.email
        role = invitation.role
        status = "pending"
        expires_at = invitation.expiresAt
        created_at = invitation.createdAt
        invite_token = token
    }
}

/// An invitation as its invitee sees it (`GET /api/auth/invitations`).
struct ReceivedInvitationResponse: ResponseEncodable, Sendable {
    struct OrganizationSummary: Encodable, Sendable {
        let id: String
        let name: String
    }

    let id: String
    let organization: OrganizationSummary
    let email: String
    let role: Role
    let status: String
    let expires_at: Date
    let created_at: Date

    init(_ received: ReceivedInvitation) {
        let invitation = received.invitation
        id = invitation.id.api
        organization = OrganizationSummary(id: invitation.organizationId.api, name: received.organizationName)
        email = invitation.email
        role = invitation.role
        status = "pending"
        expires_at = invitation.expiresAt
        created_at = invitation.createdAt
    }
}
