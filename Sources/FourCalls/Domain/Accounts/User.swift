import Foundation

/// A person who signs in to 4Calls. Rows of `users`.
struct User: Codable, Sendable {
    let id: UUID
    var name: String
    var email: String
    var emailNormalized: String
    var passwordHash: String
    let createdAt: Date
    var updatedAt: Date
}
