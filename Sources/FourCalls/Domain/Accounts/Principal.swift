import Foundation

/// The authenticated user of a request and the token it came with.
public struct Principal: Sendable {
    let user: User
    let tokenID: UUID
    let abilities: [String]

    var userID: UUID { user.id }

    /// Read-only tokens may use safe methods only.
    var canWrite: Bool {
        abilities.contains(TokenAbility.all.rawValue) || abilities.contains(TokenAbility.write.rawValue)
    }
}
