import Foundation

/// A role template row (`role_templates`), seeded from `TemplateCatalogue`.
struct RoleTemplate: Codable, Sendable {
    let id: UUID
    let slug: String
    let name: String
    let description: String
    /// JSON array text.
    let goals: String
    /// JSON object text: `system`, `greeting`, `closing`.
    let defaultPrompts: String
    let createdAt: Date
}

/// A persona template row (`persona_templates`).
struct PersonaTemplate: Codable, Sendable {
    let id: UUID
    let slug: String
    let name: String
    let description: String
    let tone: String
    let exampleGreeting: String
    /// JSON array text.
    let traits: String
    let createdAt: Date
}
