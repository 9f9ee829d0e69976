import Foundation
import Testing
@testable import FourCalls

@Suite("Organization members and roles")
struct MemberTests {
    /// An organization with an owner and one user of each other role.
    struct Team {
        let orgID: String
        let owner: String
        let admin: String
        let member: String
        let viewer: String
        let viewerID: String
        let memberID: String
    }

    static func team(_ api: TestAPI) async throws -> Team {
        let (owner, _) = try await api.register(email: "owner@example.com")
        let orgID = try await api.createOrganization(token: owner)
        var tokens: [String: (String, String)] = [:]
        for role in ["admin", "member", "viewer"] {
            let (token, id) = try await api.register(name: role.capitalized, email: "\(role)@example.com")
            try await api.addMember(
                "/api/coordinator/organizations/\(orgID)", adminToken: owner, email: "\(role)@example.com", role: role, inviteeToken: token)
            tokens[role] = (token, id)
        }
        return Team(
            orgID: orgID, owner: owner, admin: tokens["admin"]!.0, member: tokens["member"]!.0,
            viewer: tokens["viewer"]!.0, viewerID: tokens["viewer"]!.1, memberID: tokens["member"]!.1)
    }

    @Test(arguments: Engine.enabled)
    func membersAreListedWithRoles(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let team = try await Self.team(api)
            let list = try await api.call(.get, "/api/coordinator/organizations/\(team.orgID)/members", token: team.viewer)
            #expect(list.status == .ok)
            #expect(list["total"]?.int == 4)
            #expect(list["data"]?.array?.compactMap { $0["role"]?.string } == ["owner", "admin", "member", "viewer"])
            #expect(list["data"]?[1]?["email"]?.string == "admin@example.com")
            #expect(list["data"]?[0]?.keys == ["user_id", "name", "email", "role", "created_at", "updated_at"])
            let orgs = try await api.call(.get, "/api/coordinator/organizations", token: team.viewer)
            #expect(orgs["data"]?[0]?["role"]?.string == "viewer")
        }
    }

    @Test(arguments: Engine.enabled)
    func viewersAndMembersCannotManage(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let team = try await Self.team(api)
            let base = "/api/coordinator/organizations/\(team.orgID)"
            for token in [team.viewer, team.member] {
                #expect(try await api.call(.get, base, token: token).status == .ok)
                let update = try await api.call(.put, base, token: token, json: #"{"name": "Hijacked"}"#)
                #expect(update.status == .forbidden)
                #expect(update["code"]?.string == "FORBIDDEN")
                let add = try await api.call(.post, "\(base)/members", token: token, json: #"{"email": "owner@example.com", "role": "viewer"}"#)
                #expect(add.status == .forbidden)
                #expect(try await api.call(.delete, base, token: token).status == .forbidden)
            }
            let removeOther = try await api.call(.delete, "\(base)/members/\(team.memberID)", token: team.viewer)
            #expect(removeOther.status == .forbidden)
            let shown = try await api.call(.get, base, token: team.owner)
            #expect(shown["name"]?.string == "Acme Corporation")
        }
    }

    @Test(arguments: Engine.enabled)
    func addingMembersIsValidated(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let team = try await Self.team(api)
            let path = "/api/coordinator/organizations/\(team.orgID)/members"
            let duplicate = try await api.call(.post, path, token: team.admin, json: #"{"email": "VIEWER@example.com", "role": "member"}"#)
            #expect(duplicate.status == .conflict)
            #expect(duplicate["code"]?.string == "CONFLICT")
            let invalid = try await api.call(.post, path, token: team.admin, json: #"{"email": "not-an-email", "role": "member"}"#)
            #expect(fieldErrors(invalid, "email").count == 1)
            let owner = try await api.call(.post, path, token: team.admin, json: #"{"email": "x@example.com", "role": "owner"}"#)
            #expect(fieldErrors(owner, "role").count == 1)
            let empty = try await api.call(.post, path, token: team.admin, json: "{}")
            #expect(fieldErrors(empty, "email") == ["The email field is required."])
            #expect(fieldErrors(empty, "role") == ["The role field is required."])
        }
    }

    @Test(arguments: Engine.enabled)
    func rolesChangeAndTakeEffect(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let team = try await Self.team(api)
            let base = "/api/coordinator/organizations/\(team.orgID)"
            let promoted = try await api.call(.put, "\(base)/members/\(team.viewerID)", token: team.admin, json: #"{"role": "admin"}"#)
            #expect(promoted.status == .ok)
            #expect(promoted["role"]?.string == "admin")
            let update = try await api.call(.put, base, token: team.viewer, json: #"{"industry": "Dental"}"#)
            #expect(update.status == .ok)
            #expect(update["industry"]?.string == "Dental")

            let members = try await api.call(.get, "\(base)/members", token: team.owner)
            let ownerID = try #require(members["data"]?[0]?["user_id"]?.string)
            let demoteOwner = try await api.call(.put, "\(base)/members/\(ownerID)", token: team.admin, json: #"{"role": "viewer"}"#)
            #expect(demoteOwner.status == .forbidden)
            let removeOwner = try await api.call(.delete, "\(base)/members/\(ownerID)", token: team.admin)
            #expect(removeOwner.status == .forbidden)
            let unknown = try await api.call(.put, "\(base)/members/\(UUID().api)", token: team.admin, json: #"{"role": "viewer"}"#)
            #expect(unknown.status == .notFound)
        }
    }

    @Test(arguments: Engine.enabled)
    func removedMembersLoseAccess(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let team = try await Self.team(api)
            let base = "/api/coordinator/organizations/\(team.orgID)"
            #expect(try await api.call(.delete, "\(base)/members/\(team.memberID)", token: team.admin).status == .noContent)
            #expect(try await api.call(.get, base, token: team.member).status == .notFound)
            // A member may leave on their own.
            #expect(try await api.call(.delete, "\(base)/members/\(team.viewerID)", token: team.viewer).status == .noContent)
            #expect(try await api.call(.get, base, token: team.viewer).status == .notFound)
            let list = try await api.call(.get, "\(base)/members", token: team.owner)
            #expect(list["total"]?.int == 2)
        }
    }

    /// Nobody becomes a member without accepting, and inviting tells nobody whether an
    /// address has an account (CONTRACT section 3).
    @Test(arguments: Engine.enabled)
    func membersJoinByAcceptingAnInvitation(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let (owner, base) = try await api.organization()
            let orgID = String(base.split(separator: "/").last ?? "")
            let (known, _) = try await api.register(email: "known@example.com")
            let invitedKnown = try await api.call(.post, "\(base)/members", token: owner, json: #"{"email": "known@example.com", "role": "member"}"#)
            let invitedUnknown = try await api.call(.post, "\(base)/members", token: owner, json: #"{"email": "nobody@example.com", "role": "member"}"#)
            // The same answer for a registered and an unregistered address.
            #expect(invitedKnown.status == .created && invitedUnknown.status == .created)
            #expect(invitedKnown.json.keys == invitedUnknown.json.keys)
            #expect(invitedKnown.json.keys == ["id", "email", "role", "status", "expires_at", "created_at", "invite_token"])
            #expect(invitedKnown["status"]?.string == "pending" && invitedUnknown["status"]?.string == "pending")
            #expect(invitedKnown["expires_at"]?.string == "2027-03-09T15:00:00Z")
            let knownToken = try #require(invitedKnown["invite_token"]?.string)

            // Not a member before accepting; the invitation shows on both sides.
            #expect(try await api.call(.get, base, token: known).status == .notFound)
            let mine = try await api.call(.get, "/api/auth/invitations", token: known)
            #expect(mine["total"]?.int == 1)
            #expect(mine["data"]?[0]?["organization"]?["id"]?.string == orgID)
            let pending = try await api.call(.get, "\(base)/invitations", token: owner)
            #expect(pending["total"]?.int == 2)
            #expect(pending["data"]?.array?.allSatisfy { $0["invite_token"] == nil || $0["invite_token"] == .null } == true)

            // Only the invited address can accept; a token works once.
            let (stranger, _) = try await api.register(email: "stranger@example.com")
            #expect(try await api.call(.post, "/api/auth/invitations/accept", token: stranger, json: #"{"token": "\#(knownToken)"}"#).status == .notFound)
            let accepted = try await api.call(.post, "/api/auth/invitations/accept", token: known, json: #"{"token": "\#(knownToken)"}"#)
            #expect(accepted.status == .ok)
            #expect(accepted["id"]?.string == orgID)
            #expect(accepted["role"]?.string == "member")
            #expect(try await api.call(.get, base, token: known).status == .ok)
            #expect(try await api.call(.post, "/api/auth/invitations/accept", token: known, json: #"{"token": "\#(knownToken)"}"#).status == .notFound)
            #expect(try await api.call(.get, "\(base)/invitations", token: owner)["total"]?.int == 1)

            // An address that registers after the invitation joins with it.
            let unknownToken = try #require(invitedUnknown["invite_token"]?.string)
            let (nobody, _) = try await api.register(email: "NOBODY@example.com")
            #expect(try await api.call(.post, "/api/auth/invitations/accept", token: nobody, json: #"{"token": "\#(unknownToken)"}"#).status == .ok)

            // Revoked and expired invitations cannot be accepted.
            let (late, _) = try await api.register(email: "late@example.com")
            let revoked = try await api.call(.post, "\(base)/members", token: owner, json: #"{"email": "late@example.com", "role": "viewer"}"#)
            let revokedID = try #require(revoked["id"]?.string)
            #expect(try await api.call(.delete, "\(base)/invitations/\(revokedID)", token: owner).status == .noContent)
            #expect(try await api.call(.post, "/api/auth/invitations/accept", token: late, json: #"{"token": "\#(revoked["invite_token"]?.string ?? "")"}"#).status == .notFound)
            let expiring = try await api.call(.post, "\(base)/members", token: owner, json: #"{"email": "late@example.com", "role": "viewer"}"#)
            clock.advance(by: 7 * 24 * 3600 + 1)
            #expect(try await api.call(.get, "/api/auth/invitations", token: late)["total"]?.int == 0)
            #expect(try await api.call(.post, "/api/auth/invitations/accept", token: late, json: #"{"token": "\#(expiring["invite_token"]?.string ?? "")"}"#).status == .notFound)
            #expect(try await api.call(.get, base, token: late).status == .notFound)
        }
    }
}
