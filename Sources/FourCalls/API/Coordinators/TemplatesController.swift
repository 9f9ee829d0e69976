import Foundation
import Hummingbird

/// `/api/coordinator/role-templates` and `/persona-templates`: the read-only catalogue,
/// paginated like every list.
struct TemplatesController {
    let storage: any Storage

    func addRoutes(to coordinator: RouterGroup<AuthenticatedContext>) {
        coordinator.get("role-templates") { request, _ in
            let page = try APIBody.page(of: request)
            let roles = try await storage.read { db in try await TemplateRepository(db: db).roles() }
            return PageResponse(Paged.slice(roles, page: page), RoleTemplateResponse.init)
        }
        coordinator.get("role-templates/{templateId}") { _, context in
            let id = try APIBody.id("templateId", in: context, notFound: "Role template not found.")
            guard let role = try await storage.read({ db in try await TemplateRepository(db: db).role(id: id) }) else {
                throw APIError.notFound("Role template not found.")
            }
            return RoleTemplateResponse(role)
        }
        coordinator.get("persona-templates") { request, _ in
            let page = try APIBody.page(of: request)
            let personas = try await storage.read { db in try await TemplateRepository(db: db).personas() }
            return PageResponse(Paged.slice(personas, page: page), PersonaTemplateResponse.init)
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
