import Foundation
import Hummingbird

struct RoleTemplateResponse: ResponseEncodable, Sendable {
    let id: String
    let slug: String
    let name: String
    let description: String
    let goals: JSONValue
    let default_prompts: JSONValue

    init(_ template: RoleTemplate) {
        id = template.id.api
        slug = template.slug
        name = template.name
        description = template.description
        goals = JSONValue.parse(template.goals)
        default_prompts = JSONValue.parse(template.defaultPrompts)
    }
}

struct PersonaTemplateResponse: ResponseEncodable, Sendable {
    let id: String
    let slug: String
    let name: String
    let description: String
    let tone: String
    let example_greeting: String
    let traits: JSONValue

    init(_ template: PersonaTemplate) {
        id = template.id.api
        slug = template.slug
        name = template.name
        description = template.description
        tone = template.tone
        example_greeting = template.exampleGreeting
        traits = JSONValue.parse(template.traits)
    }
}
