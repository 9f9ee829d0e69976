import Foundation
import SQLKit

/// Coordinators: CRUD, activate and pause, with `coordinator.created` and
/// `coordinator.activated` events.
struct CoordinatorService: Sendable {
    let storage: any Storage
    let clock: any AppClock

    static let notFound = APIError.notFound("Coordinator not found.")

    func list(_ organizationID: UUID, status: CoordinatorStatus?, page: PageRequest) async throws -> Paged<CoordinatorWithTemplates> {
        try await storage.read { db in
            let rows = try await CoordinatorRepository(db: db).page(organizationID: organizationID, status: status, page)
            let templates = TemplateRepository(db: db)
            let roles = Dictionary(uniqueKeysWithValues: try await templates.roles().map { ($0.id, $0) })
            let personas = Dictionary(uniqueKeysWithValues: try await templates.personas().map { ($0.id, $0) })
            return rows.map { CoordinatorWithTemplates(coordinator: $0, role: roles[$0.roleTemplateId], persona: personas[$0.personaTemplateId]) }
        }
    }

    func find(_ id: UUID, in organizationID: UUID) async throws -> CoordinatorWithTemplates {
        try await storage.read { db in
            guard let coordinator = try await TenantRows<Coordinator>(db: db).find(id: id, organizationID: organizationID)
            else { throw Self.notFound }
            return try await Self.withTemplates(coordinator, on: db)
        }
    }

    static func withTemplates(_ coordinator: Coordinator, on db: any SQLDatabase) async throws -> CoordinatorWithTemplates {
        let templates = TemplateRepository(db: db)
        return CoordinatorWithTemplates(
            coordinator: coordinator, role: try await templates.role(id: coordinator.roleTemplateId),
            persona: try await templates.persona(id: coordinator.personaTemplateId))
    }

    /// 422 naming the field when a template id names no template.
    private static func checkTemplates(_ input: CoordinatorInput, on db: any SQLDatabase) async throws {
        var errors = FieldErrors()
        let templates = TemplateRepository(db: db)
        if let id = input.roleTemplateID, try await templates.role(id: id) == nil {
            errors.add("role_template_id", "The selected role template id is invalid.")
        }
        if let id = input.personaTemplateID, try await templates.persona(id: id) == nil {
            errors.add("persona_template_id", "The selected persona template id is invalid.")
        }
        if !errors.isEmpty { throw APIError.validation(errors.messages) }
    }

    func create(in organization: Organization, _ input: CoordinatorInput) async throws -> CoordinatorWithTemplates {
        let now = clock.now()
        return try await storage.transaction { db in
            try await Self.checkTemplates(input, on: db)
            var coordinator = Coordinator(
                id: UUID.random(), organizationId: organization.id, roleTemplateId: UUID.random(), personaTemplateId: UUID.random(), displayName: "",
                voiceId: nil, customGreeting: nil, customPrompts: "{}",
                availability: organization.businessHours,  // until told otherwise, the business's hours
                status: .active, metadata: "{}", createdAt: now, updatedAt: now)
            input.apply(to: &coordinator)
            try await TenantRows<Coordinator>(db: db).insert(coordinator)
            let result = try await Self.withTemplates(coordinator, on: db)
            try await EventRecorder.record(
                .coordinatorCreated, organizationID: organization.id, data: .coordinator(result), at: now, on: db)
            return result
        }
    }

    func update(_ id: UUID, in organizationID: UUID, with input: CoordinatorInput) async throws -> CoordinatorWithTemplates {
        let now = clock.now()
        return try await storage.transaction { db in
            let rows = TenantRows<Coordinator>(db: db)
            guard var coordinator = try await rows.find(id: id, organizationID: organizationID) else { throw Self.notFound }
            try await Self.checkTemplates(input, on: db)
            input.apply(to: &coordinator)
            coordinator.updatedAt = now
            try await rows.update(coordinator, id: id, organizationID: organizationID)
            return try await Self.withTemplates(coordinator, on: db)
        }
    }

    /// Moves to `status`; activating a coordinator that was not active records `coordinator.activated`.
    func setStatus(_ status: CoordinatorStatus, of id: UUID, in organizationID: UUID) async throws -> CoordinatorWithTemplates {
        let now = clock.now()
        return try await storage.transaction { db in
            let rows = TenantRows<Coordinator>(db: db)
            guard var coordinator = try await rows.find(id: id, organizationID: organizationID) else { throw Self.notFound }
            let previous = coordinator.status
            guard previous != status else { return try await Self.withTemplates(coordinator, on: db) }
            coordinator.status = status
            coordinator.updatedAt = now
            try await rows.update(coordinator, id: id, organizationID: organizationID)
            let result = try await Self.withTemplates(coordinator, on: db)
            if status == .active {
                try await EventRecorder.record(
                    .coordinatorActivated, organizationID: organizationID, data: .coordinator(result), at: now, on: db)
            }
            return result
        }
    }

    func delete(_ id: UUID, in organizationID: UUID) async throws {
        let deleted = try await storage.transaction { db in
            try await TenantRows<Coordinator>(db: db).delete(id: id, organizationID: organizationID)
        }
        if !deleted { throw Self.notFound }
    }
}
