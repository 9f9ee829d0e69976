import Foundation
import SQLKit

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

/// The template catalogue in the database: seeded on start, read-only through the API.
struct TemplateRepository {
    let db: any SQLDatabase

    /// Inserts the catalogue's templates that are not there yet (matched by slug), so that
    /// new releases add templates without touching the ones in use.
    func seed(now: Date) async throws {
        for role in TemplateCatalogue.roles {
            try await db.insert(into: "role_templates")
                .columns("id", "slug", "name", "description", "goals", "default_prompts", "created_at")
                .values(
                    SQLBind(UUID()), SQLBind(role.slug), SQLBind(role.name), SQLBind(role.description),
                    SQLBind(JSONValue.array(role.goals.map(JSONValue.string)).jsonText()),
                    SQLBind(JSONValue.object(role.defaultPrompts.mapValues(JSONValue.string)).jsonText()), SQLBind(now))
                .ignoringConflicts(with: ["slug"])
                .run()
        }
        for persona in TemplateCatalogue.personas {
            try await db.insert(into: "persona_templates")
                .columns("id", "slug", "name", "description", "tone", "example_greeting", "traits", "created_at")
                .values(
                    SQLBind(UUID()), SQLBind(persona.slug), SQLBind(persona.name), SQLBind(persona.description),
                    SQLBind(persona.tone), SQLBind(persona.exampleGreeting),
                    SQLBind(JSONValue.array(persona.traits.map(JSONValue.string)).jsonText()), SQLBind(now))
                .ignoringConflicts(with: ["slug"])
                .run()
        }
    }

    func roles() async throws -> [RoleTemplate] {
        try await db.select().column("*").from("role_templates").orderBy("created_at").orderBy("slug")
            .all(decoding: RoleTemplate.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    func personas() async throws -> [PersonaTemplate] {
        try await db.select().column("*").from("persona_templates").orderBy("created_at").orderBy("slug")
            .all(decoding: PersonaTemplate.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    func role(id: UUID) async throws -> RoleTemplate? {
        try await db.select().column("*").from("role_templates").where("id", .equal, id)
            .first(decoding: RoleTemplate.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    func persona(id: UUID) async throws -> PersonaTemplate? {
        try await db.select().column("*").from("persona_templates").where("id", .equal, id)
            .first(decoding: PersonaTemplate.self, keyDecodingStrategy: .snakeCaseColumns)
    }
}
