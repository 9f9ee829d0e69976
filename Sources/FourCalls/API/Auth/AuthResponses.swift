import Foundation
import Hummingbird

struct UserResponse: ResponseEncodable, Sendable {
    let id: String
    let name: String
    let email: String
    let created_at: Date
    let updated_at: Date

    init(_ user: User) {
        id = user.id.api
        name = user.name
        email = user.email
        created_at = user.createdAt
        updated_at = user.updatedAt
    }
}

/// What register and login return: `{token, user}`.
struct AuthResponse: ResponseEncodable, Sendable {
    let token: String
    let user: UserResponse
}

/// A token as listed: never its secret.
struct TokenResponse: ResponseEncodable, Sendable {
    let id: String
    let name: String
    let abilities: [String]
    @Nullable var expires_at: Date?
    let created_at: Date
    /// The plain-text token, present only in the response that creates it.
    let token: String?

    init(_ token: APIToken, plainText: String? = nil) {
        id = token.id.api
        name = token.name
        abilities = token.abilityList
        expires_at = token.expiresAt
        created_at = token.createdAt
        self.token = plainText
    }
}
