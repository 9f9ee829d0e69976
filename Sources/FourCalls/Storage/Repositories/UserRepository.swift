import Foundation
import SQLKit

/// SQL for `users`.
struct UserRepository {
    let db: any SQLDatabase

    func insert(_ user: User) async throws {
        try await db.insert(into: Table.users).model(user, keyEncodingStrategy: .convertToSnakeCase).run()
    }

    func updatePassword(userID: UUID, hash: String, now: Date) async throws {
        try await db.update(Table.users).set("password_hash", to: hash).set("updated_at", to: now).where("id", .equal, userID).run()
    }

    func find(id: UUID) async throws -> User? {
        try await db.select().column("*").from(Table.users).where("id", .equal, id)
            .first(decoding: User.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    func find(email: String) async throws -> User? {
        try await db.select().column("*").from(Table.users)
            .where("email_normalized", .equal, EmailAddress.normalized(email))
            .first(decoding: User.self, keyDecodingStrategy: .snakeCaseColumns)
    }
}
