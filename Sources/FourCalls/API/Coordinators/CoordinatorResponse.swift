import Foundation
import Hummingbird

struct CoordinatorResponse: ResponseEncodable, Sendable {
    let id: String
    let organization_id: String
    let role_template_id: String
    let persona_template_id: String
    let display_name: String
    @Nullable var voice_id: String?
    @Nullable var custom_greeting: String?
    let custom_prompts: JSONValue
    let availability: BusinessHours
    let status: CoordinatorStatus
    let metadata: JSONValue
    @Nullable var role_template: RoleTemplateResponse?
    @Nullable var persona_template: PersonaTemplateResponse?
    let created_at: Date
    let updated_at: Date

    init(_ value: CoordinatorWithTemplates) {
        let coordinator = value.coordinator
        id = coordinator.id.api
        organization_id = coordinator.organizationId.api
        role_template_id = coordinator.roleTemplateId.api
        persona_template_id = coordinator.personaTemplateId.api
        display_name = coordinator.displayName
        voice_id = coordinator.voiceId
        custom_greeting = coordinator.customGreeting
        custom_prompts = JSONValue.parse(coordinator.customPrompts)
        availability = BusinessHours.stored(coordinator.availability)
        status = coordinator.status
        metadata = JSONValue.parse(coordinator.metadata)
        role_template = value.role.map(RoleTemplateResponse.init)
        persona_template = value.persona.map(PersonaTemplateResponse.init)
        created_at = coordinator.createdAt
        updated_at = coordinator.updatedAt
    }
}
