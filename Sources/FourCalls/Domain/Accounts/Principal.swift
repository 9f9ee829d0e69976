import Foundation

/// The authenticated user of a request and the token it came with. A class: request
/// contexts carry it through every middleware, and a copy is then one reference, not one
/// per string of the user.
public final class Principal: Sendable {
    let user: User
    let tokenID: UUID
    let abilities: [String]
    /// When the token in use stops working; tokens it issues never outlive it.
    let expiresAt: Date?

    init(user: User, tokenID: UUID, abilities: [String], expiresAt: Date? = nil) {
        self.user = user
        self.tokenID = tokenID
        self.abilities = abilities
        self.expiresAt = expiresAt
    }

    var userID: UUID { user.id }

    /// Read-only tokens may use safe methods only.
    var canWrite: Bool {
        abilities.contains(TokenAbility.all.rawValue) || abilities.contains(TokenAbility.write.rawValue)
    }
}
