import Foundation

public enum CoordinatorStatus: String, CaseIterable, Sendable, Codable {
    case active, paused, inactive
}

/// An AI virtual assistant of an organization. Rows of `coordinators`.
struct Coordinator: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    var roleTemplateId: UUID
    var personaTemplateId: UUID
    var displayName: String
    var voiceId: String?
    var customGreeting: String?
    /// JSON object text.
    var customPrompts: String
    /// `BusinessHours` JSON text: the weekly hours it takes calls and bookings.
    var availability: String
    var status: CoordinatorStatus
    /// JSON object text.
    var metadata: String
    let createdAt: Date
    var updatedAt: Date
}

/// Validated coordinator fields; nil leaves a field unchanged.
struct CoordinatorInput: Sendable {
    var roleTemplateID: UUID?
    var personaTemplateID: UUID?
    var displayName: String?
    var voiceID: String??
    var customGreeting: String??
    var customPrompts: JSONValue?
    var availability: BusinessHours?
    var metadata: JSONValue?

    static func read(_ fields: inout FieldReader, creating: Bool) -> CoordinatorInput {
        var input = CoordinatorInput()
        input.roleTemplateID = fields.uuid("role_template_id", required: creating || fields.isPresent("role_template_id"))
        input.personaTemplateID = fields.uuid("persona_template_id", required: creating || fields.isPresent("persona_template_id"))
        input.displayName = fields.string("display_name", required: creating || fields.isPresent("display_name"))
        if fields.isPresent("voice_id") { input.voiceID = .some(fields.string("voice_id")) }
        if fields.isPresent("custom_greeting") { input.customGreeting = .some(fields.longText("custom_greeting")) }
        input.customPrompts = fields.jsonObject("custom_prompts")
        if let value = fields.raw("availability") {
            switch BusinessHours.parse(value, field: "availability") {
            case .success(let hours): input.availability = hours
            case .failure(let errors): fields.merge(errors)
            }
        }
        input.metadata = fields.jsonObject("metadata")
        return input
    }

    func apply(to coordinator: inout Coordinator) {
        if let roleTemplateID { coordinator.roleTemplateId = roleTemplateID }
        if let personaTemplateID { coordinator.personaTemplateId = personaTemplateID }
        if let displayName { coordinator.displayName = displayName }
        if let voiceID { coordinator.voiceId = voiceID }
        if let customGreeting { coordinator.customGreeting = customGreeting }
        if let customPrompts { coordinator.customPrompts = customPrompts.jsonText() }
        if let availability { coordinator.availability = availability.jsonText() }
        if let metadata { coordinator.metadata = metadata.jsonText() }
    }
}

/// A coordinator with its templates, as the API shows it.
struct CoordinatorWithTemplates: Sendable {
    let coordinator: Coordinator
    let role: RoleTemplate?
    let persona: PersonaTemplate?
}
