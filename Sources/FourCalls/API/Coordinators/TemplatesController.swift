import Foundation
import Hummingbird

/// `/api/coordinator/role-templates` and `/persona-templates`: the read-only catalogue.
struct TemplatesController {
    let storage: any Storage

    func addRoutes(to coordinator: RouterGroup<AuthenticatedContext>) {
        coordinator.get("role-templates") { _, _ in
            let roles = try await storage.read { db in try await TemplateRepository(db: db).roles() }
            return ListResponse(data: roles.map(RoleTemplateResponse.init))
        }
        coordinator.get("role-templates/{templateId}") { _, context in
            let id = try APIBody.id("templateId", in: context, notFound: "Role template not found.")
            guard let role = try await storage.read({ db in try await TemplateRepository(db: db).role(id: id) }) else {
                throw APIError.notFound("Role template not found.")
            }
            return RoleTemplateResponse(role)
        }
        coordinator.get("persona-templates") { _, _ in
            let personas = try await storage.read { db in try await TemplateRepository(db: db).personas() }
            return ListResponse(data: personas.map(PersonaTemplateResponse.init))
        }
        coordinator.get("persona-templates/{templateId}") { _, context in
            let id = try APIBody.id("templateId", in: context, notFound: "Persona template not found.")
            guard let persona = try await storage.read({ db in try await TemplateRepository(db: db).persona(id: id) }) else {
                throw APIError.notFound("Persona template not found.")
            }
            return PersonaTemplateResponse(persona)
        }
    }
}
