import Foundation
import SQLKit

/// Invitations (CONTRACT section 3): nobody is made a member without accepting. Inviting
/// answers the same whether or not the address has an account, so it tells nobody who is
/// registered; the invitee joins with the token, signed in with the invited address.
struct InvitationService: Sendable {
    let storage: any Storage
    let clock: any AppClock

    /// Invites `email` with `role`; a pending invitation of the same address is replaced.
    /// Returns the invitation and its token (shown once). 409 when the address already
    /// belongs to a member (the members list shows that anyway).
    func invite(to organizationID: UUID, email: String, role: Role, by userID: UUID) async throws -> (Invitation, token: String) {
        let now = clock.now()
        let secret = TokenSecret.generate()
        let invitation = Invitation(
            id: UUID.random(), organizationId: organizationID, email: email, emailNormalized: EmailAddress.normalized(email), role: role,
            tokenHash: TokenSecret.hash(secret), invitedBy: userID, createdAt: now, expiresAt: now.addingTimeInterval(Invitation.lifetime))
        try await storage.transaction { db in
            if let user = try await UserRepository(db: db).find(email: email),
                try await OrganizationRepository(db: db).member(organizationID: organizationID, userID: user.id) != nil
            {
                throw Self.alreadyMember
            }
            let invitations = InvitationRepository(db: db)
            try await invitations.delete(emailNormalized: invitation.emailNormalized, organizationID: organizationID)
            try await invitations.insert(invitation)
        }
        return (invitation, secret)
    }

    private static let alreadyMember = APIError.conflict("This address already belongs to a member of the organization.")

    func pending(in organizationID: UUID, page: PageRequest) async throws -> Paged<Invitation> {
        let now = clock.now()
        return try await storage.read { db in try await InvitationRepository(db: db).list(organizationID: organizationID, now: now, page: page) }
    }

    func revoke(_ id: UUID, in organizationID: UUID) async throws {
        let deleted = try await storage.transaction { db in try await InvitationRepository(db: db).delete(id: id, organizationID: organizationID) }
        if !deleted { throw APIError.notFound("Invitation not found.") }
    }

    /// The caller's own pending invitations.
    func received(by user: User, page: PageRequest) async throws -> Paged<ReceivedInvitation> {
        let now = clock.now()
        return try await storage.read { db in
            try await InvitationRepository(db: db).received(emailNormalized: EmailAddress.normalized(user.email), now: now, page: page)
        }
    }

    /// Joins the invitation's organization with its role. An unknown or expired token, or
    /// one addressed to another e-mail, is the same 404.
    func accept(token: String, by user: User) async throws -> (Organization, Role) {
        let now = clock.now()
        let joined = try await storage.transaction { db -> (Organization, Role) in
            let invitations = InvitationRepository(db: db)
            guard let invitation = try await invitations.find(tokenHash: TokenSecret.hash(token)),
                invitation.expiresAt > now, invitation.emailNormalized == EmailAddress.normalized(user.email)
            else { throw APIError.notFound("Invitation not found.") }
            let organizations = OrganizationRepository(db: db)
            try await invitations.delete(id: invitation.id, organizationID: invitation.organizationId)
            if try await organizations.member(organizationID: invitation.organizationId, userID: user.id) != nil { throw Self.alreadyMember }
            try await organizations.addMember(organizationID: invitation.organizationId, userID: user.id, role: invitation.role, at: now)
            guard let membership = try await organizations.membership(organizationID: invitation.organizationId, userID: user.id) else {
                throw APIError.internalError
            }
            ChangeNotices.post(.organization(membership.organization.id))
            return (membership.organization, membership.role)
        }
        return joined
    }
}
