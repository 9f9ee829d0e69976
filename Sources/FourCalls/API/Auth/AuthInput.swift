import Foundation

/// The validation of registrations and token requests, shared by the API and the operator
/// commands, so both refuse the same things with the same messages.
enum AuthInput {
    static func registration(_ fields: inout FieldReader) -> AccountService.Registration? {
        let name = fields.string("name", required: true)
        let email = fields.email("email", required: true)
        let password = fields.secret("password", required: true, minLength: 8, maxBytes: 72)
        guard let name, let email, let password else { return nil }
        return .init(name: name, email: email, password: password)
    }

    struct TokenRequest: Sendable {
        let name: String
        let abilities: [String]
        let expiresAt: Date?
    }

    /// `name`, `abilities` (`*`, `read`, `write`; default `["*"]`) and an `expires_at` in the future.
    static func token(_ fields: inout FieldReader, now: Date) -> TokenRequest? {
        let name = fields.string("name", required: true)
        let abilities = fields.stringArray("abilities") ?? [TokenAbility.all.rawValue]
        for (index, ability) in abilities.enumerated() where TokenAbility(rawValue: ability) == nil {
            fields.fail("abilities.\(index)", "Unknown ability '\(ability)': use *, read or write.")
        }
        if fields.isPresent("abilities"), abilities.isEmpty {
            fields.fail("abilities", "The abilities field must list at least one ability.")
        }
        let expiresAt = fields.date("expires_at")
        if let expiresAt, expiresAt <= now {
            fields.fail("expires_at", "The expires at field must be a time in the future.")
        }
        guard let name else { return nil }
        return TokenRequest(name: name, abilities: abilities, expiresAt: expiresAt)
    }
}
