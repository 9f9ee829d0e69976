import Foundation

/// The validation of registrations and token requests, shared by the API and the operator
/// commands, so both refuse the same things with the same messages.
enum AuthInput {
    static func registration(_ fields: inout FieldReader) -> AccountService.Registration? {
        let name = fields.string("name", required: true)
        let email = fields.email("email", required: true)
        let password = newPassword(&fields, "password")
        guard let name, let email, let password else { return nil }
        return .init(name: name, email: email, password: password)
    }

    /// A password to store: 8 characters to 72 UTF-8 bytes (bcrypt reads no further, so a
    /// longer one would match on its first 72 bytes), no control characters.
    static func newPassword(_ fields: inout FieldReader, _ key: String) -> String? {
        fields.secret(key, required: true, minLength: 8, maxBytes: 72)
    }

    struct TokenRequest: Sendable {
        let name: String
        let abilities: [String]
        let expiresAt: Date?
    }

    /// `name`, `abilities` (`*`, `read`, `write`; default: the issuing token's) and an
    /// `expires_at` in the future. A token issued with a token never outlives it nor has an
    /// ability it lacks (CONTRACT section 3); `parent` is nil for the operator commands.
    static func token(_ fields: inout FieldReader, now: Date, parent: Principal? = nil) -> TokenRequest? {
        let name = fields.string("name", required: true)
        let abilities = fields.stringArray("abilities") ?? parent?.abilities ?? [TokenAbility.all.rawValue]
        if let parent, !parent.abilities.contains(TokenAbility.all.rawValue) {
            // Every token reads; only `*` and `write` write.
            let grantable = Set(parent.abilities).union([TokenAbility.read.rawValue])
            for (index, ability) in abilities.enumerated() where !grantable.contains(ability) {
                fields.fail("abilities.\(index)", "The token in use does not have the '\(ability)' ability, so it cannot grant it.")
            }
        }
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
        if let limit = parent?.expiresAt {
            if fields.isPresent("expires_at"), let expiresAt, expiresAt > limit {
                fields.fail("expires_at", "The expires at field must not be later than the token in use (\(Timestamps.formatMilliseconds(limit))).")
            }
        }
        guard let name else { return nil }
        // Without an `expires_at`, a token issued by an expiring token expires with it.
        return TokenRequest(name: name, abilities: abilities, expiresAt: expiresAt ?? parent?.expiresAt)
    }
}
