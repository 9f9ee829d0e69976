import Foundation
import SQLKit

/// The template catalogue in the database: seeded on start, read-only through the API.
struct TemplateRepository {
    let db: any SQLDatabase

    /// Inserts the catalogue's templates that are not there yet (matched by slug), so that
    /// new releases add templates without touching the ones in use.
    func seed(now: Date) async throws {
        for role in TemplateCatalogue.roles {
            try await db.insert(into: Table.roleTemplates)
                .columns("id", "slug", "name", "description", "goals", "default_prompts", "created_at")
                .values(
                    SQLBind(UUID.random()), SQLBind(role.slug), SQLBind(role.name), SQLBind(role.description),
                    SQLBind(JSONValue.array(role.goals.map(JSONValue.string)).jsonText()),
                    SQLBind(JSONValue.object(role.defaultPrompts.mapValues(JSONValue.string)).jsonText()), SQLBind(now))
                .ignoringConflicts(with: ["slug"])
                .run()
        }
        for persona in TemplateCatalogue.personas {
            try await db.insert(into: Table.personaTemplates)
                .columns("id", "slug", "name", "description", "tone", "example_greeting", "traits", "created_at")
                .values(
                    SQLBind(UUID.random()), SQLBind(persona.slug), SQLBind(persona.name), SQLBind(persona.description),
                    SQLBind(persona.tone), SQLBind(persona.exampleGreeting),
                    SQLBind(JSONValue.array(persona.traits.map(JSONValue.string)).jsonText()), SQLBind(now))
                .ignoringConflicts(with: ["slug"])
                .run()
        }
    }

    func roles() async throws -> [RoleTemplate] {
        try await db.select().column("*").from(Table.roleTemplates).orderBy("created_at").orderBy("slug")
            .all(decoding: RoleTemplate.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    func personas() async throws -> [PersonaTemplate] {
        try await db.select().column("*").from(Table.personaTemplates).orderBy("created_at").orderBy("slug")
            .all(decoding: PersonaTemplate.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    func role(id: UUID) async throws -> RoleTemplate? {
        try await db.select().column("*").from(Table.roleTemplates).where("id", .equal, id)
            .first(decoding: RoleTemplate.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    func persona(id: UUID) async throws -> PersonaTemplate? {
        try await db.select().column("*").from(Table.personaTemplates).where("id", .equal, id)
            .first(decoding: PersonaTemplate.self, keyDecodingStrategy: .snakeCaseColumns)
    }
}
