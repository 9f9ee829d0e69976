import Foundation
import SQLKit

/// SQL of the console's sessions.
struct ConsoleSessionRepository {
    let db: any SQLDatabase

    func insert(_ session: ConsoleSession) async throws {
        try await db.insert(into: Table.consoleSessions).model(session, keyEncodingStrategy: .convertToSnakeCase).run()
    }

    func find(id: UUID) async throws -> ConsoleSession? {
        try await db.select().column("*").from(Table.consoleSessions).where("id", .equal, id)
            .first(decoding: ConsoleSession.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    func touch(id: UUID, at now: Date) async throws {
        try await db.update(Table.consoleSessions).set("last_seen_at", to: now).where("id", .equal, id).run()
    }

    func delete(id: UUID) async throws {
        try await db.delete(from: Table.consoleSessions).where("id", .equal, id).run()
    }

    func deleteIdle(seenBefore cutoff: Date) async throws {
        try await db.delete(from: Table.consoleSessions).where("last_seen_at", .lessThan, cutoff).run()
    }
}
