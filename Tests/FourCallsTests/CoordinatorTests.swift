import Foundation
import Testing
@testable import FourCalls

@Suite("Templates and coordinators")
struct CoordinatorTests {
    @Test(arguments: Engine.enabled)
    func catalogueIsSeeded(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            let roles = try await api.call(.get, "/api/coordinator/role-templates", token: token)
            #expect(roles.status == .ok)
            let slugs = Set(roles["data"]?.array?.compactMap { $0["slug"]?.string } ?? [])
            #expect(slugs.isSuperset(of: [
                "receptionist", "appointment_scheduler", "appointment_confirmer", "inside_sales", "support_agent", "survey_conductor",
            ]))
            let receptionist = try #require(roles["data"]?.array?.first { $0["slug"]?.string == "receptionist" })
            #expect(receptionist["default_prompts"]?["system"]?.string?.isEmpty == false)
            #expect((receptionist["goals"]?.array?.count ?? 0) >= 3)
            let personas = try await api.call(.get, "/api/v1/coordinator/persona-templates", token: token)
            let all = personas["data"]?.array ?? []
            #expect(all.count >= 4)
            #expect(all.allSatisfy { $0["tone"]?.string?.isEmpty == false && $0["example_greeting"]?.string?.isEmpty == false })
            let id = try #require(receptionist["id"]?.string)
            #expect(try await api.call(.get, "/api/coordinator/role-templates/\(id)", token: token)["slug"]?.string == "receptionist")
            #expect(try await api.call(.get, "/api/coordinator/role-templates/\(UUID().api)", token: token).status == .notFound)
            #expect(try await api.call(.get, "/api/coordinator/role-templates").status == .unauthorized)
        }
    }

    static func templateIDs(_ api: TestAPI, token: String) async throws -> (String, String) {
        let roles = try await api.call(.get, "/api/coordinator/role-templates", token: token)
        let personas = try await api.call(.get, "/api/coordinator/persona-templates", token: token)
        return (try #require(roles["data"]?[0]?["id"]?.string), try #require(personas["data"]?[0]?["id"]?.string))
    }

    @Test(arguments: Engine.enabled)
    func guideExampleCreatesWithEmbeddedTemplates(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let (role, persona) = try await Self.templateIDs(api, token: token)
            let response = try await api.call(
                .post, "\(base)/coordinators", token: token,
                json: """
                    {"role_template_id": "\(role)", "persona_template_id": "\(persona)", "display_name": "Sarah - Sales Assistant",
                     "voice_id": "voice_123", "custom_greeting": "Hello! I'm Sarah, your sales assistant.",
                     "custom_prompts": {"system": "You are a helpful sales assistant..."},
                     "availability": {"monday": {"start": "09:00", "end": "17:00"}, "tuesday": {"start": "09:00", "end": "17:00"}}}
                    """)
            #expect(response.status == .created)
            #expect(response["display_name"]?.string == "Sarah - Sales Assistant")
            #expect(response["status"]?.string == "active")
            #expect(response["organization_id"]?.string == String(base.split(separator: "/").last!))
            #expect(response["role_template"]?["id"]?.string == role)
            #expect(response["persona_template"]?["id"]?.string == persona)
            #expect(response["availability"]?.keys == ["monday", "tuesday"])
            #expect(response["custom_prompts"]?["system"]?.string == "You are a helpful sales assistant...")
            let events = try await api.recordedEvents()
            #expect(events.last?.name == "coordinator.created")
            #expect(events.last?.data["id"] == response["id"])

            let defaults = try await api.call(
                .post, "\(base)/coordinators", token: token,
                json: #"{"role_template_id": "\#(role)", "persona_template_id": "\#(persona)", "display_name": "Max"}"#)
            #expect(defaults["availability"]?.keys == ["monday", "tuesday", "wednesday", "thursday", "friday"])
            #expect(defaults["voice_id"] == .null)
        }
    }

    @Test(arguments: Engine.enabled)
    func validationAndPermissions(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let (role, _) = try await Self.templateIDs(api, token: token)
            let missing = try await api.call(.post, "\(base)/coordinators", token: token, json: #"{"availability": {"someday": {}}}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(fieldErrors(missing, "display_name") == ["The display name field is required."])
            #expect(fieldErrors(missing, "role_template_id") == ["The role template id field is required."])
            #expect(fieldErrors(missing, "availability.someday").count == 1)
            let unknown = try await api.call(
                .post, "\(base)/coordinators", token: token,
                json: #"{"role_template_id": "\#(role)", "persona_template_id": "\#(role)", "display_name": "X"}"#)
            #expect(fieldErrors(unknown, "persona_template_id") == ["The selected persona template id is invalid."])
            let (member, _) = try await api.register(email: "member@example.com")
            try await api.addMember(base, adminToken: token, email: "member@example.com", role: "member", inviteeToken: member)
            let refused = try await api.call(.post, "\(base)/coordinators", token: member, json: #"{"display_name": "X"}"#)
            #expect(refused.status == .forbidden)
            #expect(try await api.call(.get, "\(base)/coordinators", token: member).status == .ok)
        }
    }

    @Test(arguments: Engine.enabled)
    func activatePauseUpdateDelete(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let (role, persona) = try await Self.templateIDs(api, token: token)
            let created = try await api.call(
                .post, "\(base)/coordinators", token: token,
                json: #"{"role_template_id": "\#(role)", "persona_template_id": "\#(persona)", "display_name": "Sarah"}"#)
            let id = try #require(created["id"]?.string)
            let paused = try await api.call(.post, "\(base)/coordinators/\(id)/pause", token: token)
            #expect(paused["status"]?.string == "paused")
            #expect(try await api.call(.get, "\(base)/coordinators?status=active", token: token)["total"]?.int == 0)
            #expect(try await api.call(.get, "\(base)/coordinators?status=paused", token: token)["total"]?.int == 1)
            let active = try await api.call(.post, "\(base)/coordinators/\(id)/activate", token: token)
            #expect(active["status"]?.string == "active")
            _ = try await api.call(.post, "\(base)/coordinators/\(id)/activate", token: token)
            let events = try await api.recordedEvents().map(\.name).filter { $0.hasPrefix("coordinator") }
            #expect(events == ["coordinator.created", "coordinator.activated"])

            let renamed = try await api.call(.put, "\(base)/coordinators/\(id)", token: token, json: #"{"display_name": "Sarah B", "voice_id": "v2"}"#)
            #expect(renamed["display_name"]?.string == "Sarah B")
            #expect(renamed["voice_id"]?.string == "v2")
            #expect(renamed["role_template"]?["id"]?.string == role)
            #expect(try await api.call(.delete, "\(base)/coordinators/\(id)", token: token).status == .noContent)
            #expect(try await api.call(.get, "\(base)/coordinators/\(id)", token: token).status == .notFound)
            #expect(try await api.call(.post, "\(base)/coordinators/\(id)/activate", token: token).status == .notFound)
        }
    }
}
