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
            let added = try await api.call(
                .post, "/api/coordinator/organizations/\(orgID)/members", token: owner,
                json: #"{"email": "\#(role)@example.com", "role": "\#(role)"}"#)
            try #require(added.status == .created, "\(added.text)")
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
            let unknown = try await api.call(.post, path, token: team.admin, json: #"{"email": "ghost@example.com", "role": "member"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(fieldErrors(unknown, "email").count == 1)
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
}
