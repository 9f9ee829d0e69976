import Foundation
import Hummingbird

/// `/organizations/{orgId}/members` and `/invitations`: who belongs to an organization, in
/// which role, and who is invited. Any member reads; admins and the owner invite, change
/// roles and revoke invitations; a member may remove themself.
struct MembersController {
    let organizations: OrganizationService
    let invitations: InvitationService

    /// Roles that can be given; ownership is not transferred through this API.
    enum AssignableRole: String, CaseIterable {
        case admin, member, viewer
        var role: Role { Role(rawValue: rawValue) ?? .viewer }
    }

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("members", use: list)
        organization.post("members", use: add)
        organization.put("members/{userId}", use: update)
        organization.delete("members/{userId}", use: remove)
        organization.get("invitations", use: listInvitations)
        organization.delete("invitations/{invitationId}", use: revokeInvitation)
    }

    @Sendable func list(_ request: Request, context: OrganizationContext) async throws -> PageResponse<MemberResponse> {
        let page = try APIBody.page(of: request)
        let rows = try await organizations.members(of: context.organization.id, page: page)
        return PageResponse(rows) { MemberResponse($0) }
    }

    /// Invites `email` with `role`: 201 with the invitation and its token (shown once), the
    /// same whether or not the address has an account.
    @Sendable func add(_ request: Request, context: OrganizationContext) async throws -> some ResponseGenerator {
        try context.require(.manage)
        var fields = try await APIBody.fields(of: request, context: context)
        let email = fields.email("email", required: true)
        let role = fields.oneOf("role", AssignableRole.self, required: true)
        try fields.validate()
        guard let email, let role else { throw APIError.internalError }
        let (invitation, token) = try await invitations.invite(
            to: context.organization.id, email: email, role: role.role, by: context.principal.userID)
        return created(InvitationResponse(invitation, token: token))
    }

    @Sendable func listInvitations(_ request: Request, context: OrganizationContext) async throws -> PageResponse<InvitationResponse> {
        let page = try APIBody.page(of: request)
        return PageResponse(try await invitations.pending(in: context.organization.id, page: page)) { InvitationResponse($0) }
    }

    @Sendable func revokeInvitation(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.manage)
        let id = try APIBody.id("invitationId", in: context, notFound: "Invitation not found.")
        try await invitations.revoke(id, in: context.organization.id)
        return Response(status: .noContent)
    }

    @Sendable func update(_ request: Request, context: OrganizationContext) async throws -> MemberResponse {
        try context.require(.manage)
        let userID = try APIBody.id("userId", in: context, notFound: "Member not found.")
        var fields = try await APIBody.fields(of: request, context: context)
        let role = fields.oneOf("role", AssignableRole.self, required: true)
        try fields.validate()
        guard let role else { throw APIError.internalError }
        let row = try await organizations.setRole(in: context.organization.id, userID: userID, role: role.role)
        return MemberResponse(row)
    }

    @Sendable func remove(_ request: Request, context: OrganizationContext) async throws -> Response {
        let userID = try APIBody.id("userId", in: context, notFound: "Member not found.")
        if userID != context.principal.userID { try context.require(.manage) }
        try await organizations.removeMember(from: context.organization.id, userID: userID)
        return Response(status: .noContent)
    }
}
