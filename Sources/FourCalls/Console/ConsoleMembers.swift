import Foundation
import HTTPTypes
import Hummingbird

/// `/console/organizations/{orgId}/members`: who belongs to the organization and in which
/// role, and the invitations still pending; admins invite (the token shown once), change
/// roles, remove members and revoke invitations, as the API's member routes do.
extension ConsoleController {
    struct MembersView: TemplateView {
        let chrome: ConsoleChrome
        let rows: [Row]
        let invitations: [PendingInvitation]
        let noInvitations: Bool
        let canManage: Bool
        let action: String
        let fields: [ConsoleFormField]
        let roles: [ConsoleOption]
        let roleError: [String]
        let formError: [String]
        /// The new invitation's token, shown this once.
        let createdToken: [String]

        struct Row: TemplateView {
            let name: String
            let email: String
            let role: String
            /// Role and removal forms, for an admin and a member other than the owner.
            let manage: [Manage]
        }

        struct Manage: TemplateView {
            let roleAction: String
            let removeAction: String
            let roles: [ConsoleOption]
            let fieldID: String
        }

        struct PendingInvitation: TemplateView {
            let email: String
            let role: String
            let expires: String
            let revoke: [String]
        }
    }

    static let assignableRoles: [Role] = [.admin, .member, .viewer]

    @Sendable func memberList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        return try await membersPage(person, membership, form: .empty, createdToken: nil)
    }

    @Sendable func inviteMember(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        try require(.manage, membership)
        var fields = ConsoleHTTP.fields(form)
        let email = fields.email("email", required: true)
        let role = fields.oneOf("role", MembersController.AssignableRole.self, required: true)
        do {
            try fields.validate()
            guard let email, let role else { throw APIError.internalError }
            let (_, token) = try await invitations.invite(to: membership.organization.id, email: email, role: role.role, by: person.user.id)
            return try await membersPage(person, membership, form: .empty, createdToken: token, status: .created)
        } catch let error as APIError where error.fieldErrors != nil || error.status == .conflict {
            return try await membersPage(person, membership, form: ConsoleSubmission(form, refusal: error), createdToken: nil, status: .unprocessableContent)
        }
    }

    @Sendable func changeMemberRole(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        try require(.manage, membership)
        let userID = try APIBody.id("userId", in: context, notFound: "Member not found.")
        guard let role = form.text("role").flatMap(MembersController.AssignableRole.init) else {
            throw APIError.validation(["role": ["The selected role is invalid."]])
        }
        _ = try await organizations.setRole(in: membership.organization.id, userID: userID, role: role.role)
        return ConsoleHTTP.redirect(Self.membersPath(membership))
    }

    @Sendable func removeMember(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        let userID = try APIBody.id("userId", in: context, notFound: "Member not found.")
        // A member may leave; removing anyone else takes an admin.
        if userID != person.user.id { try require(.manage, membership) }
        try await organizations.removeMember(from: membership.organization.id, userID: userID)
        return ConsoleHTTP.redirect(userID == person.user.id ? "/console" : Self.membersPath(membership))
    }

    @Sendable func revokeInvitation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        try require(.manage, membership)
        let id = try APIBody.id("invitationId", in: context, notFound: "Invitation not found.")
        try await invitations.revoke(id, in: membership.organization.id)
        return ConsoleHTTP.redirect(Self.membersPath(membership))
    }

    static func membersPath(_ membership: Membership) -> String {
        "/console/organizations/\(membership.organization.id.api)/members"
    }

    private func membersPage(
        _ person: SignedIn, _ membership: Membership, form: ConsoleSubmission, createdToken: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let organization = membership.organization
        let base = Self.membersPath(membership)
        let canManage = membership.role.allows(.manage)
        let members = try await organizations.members(of: organization.id, page: PageRequest(page: 1, perPage: 100)).items
        let pending = try await invitations.pending(in: organization.id, page: PageRequest(page: 1, perPage: 100)).items
        let chosenRole = form.values["role"] ?? Role.member.rawValue
        let view = MembersView(
            chrome: ConsoleChrome(title: "Members", person: person, membership: membership, current: "members"),
            rows: members.map { member in
                MembersView.Row(
                    name: member.name, email: member.email, role: member.role.rawValue,
                    manage: canManage && member.role != .owner
                        ? [
                            MembersView.Manage(
                                roleAction: "\(base)/\(member.userId.api)/role", removeAction: "\(base)/\(member.userId.api)/remove",
                                roles: Self.assignableRoles.map { ConsoleOption(value: $0.rawValue, label: $0.rawValue, selected: $0 == member.role) },
                                fieldID: "role-\(member.userId.api)")
                        ] : [])
            },
            invitations: pending.map { invitation in
                MembersView.PendingInvitation(
                    email: invitation.email, role: invitation.role.rawValue,
                    expires: SpeakableTime.spoken(invitation.expiresAt, in: organization.timeZone),
                    revoke: canManage ? ["/console/organizations/\(organization.id.api)/invitations/\(invitation.id.api)/revoke"] : [])
            },
            noInvitations: pending.isEmpty, canManage: canManage, action: base,
            fields: [ConsoleFormField(name: "email", label: "E-mail", type: "email", value: form.values["email"] ?? "", errors: form.errors["email"] ?? [])],
            roles: Self.assignableRoles.map { ConsoleOption(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == chosenRole) },
            roleError: form.errors["role"] ?? [], formError: form.message.map { [$0] } ?? [], createdToken: createdToken.map { [$0] } ?? [])
        return try page("console/members", view, person, status: status)
    }
}
