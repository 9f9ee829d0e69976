import Foundation
import SQLKit

/// SQL for `api_tokens`.
struct TokenRepository {
    let db: any SQLDatabase

    func insert(_ token: APIToken) async throws {
        try await db.insert(into: Table.apiTokens).model(token, keyEncodingStrategy: .convertToSnakeCase).run()
    }

    func find(id: UUID) async throws -> APIToken? {
        try await db.select().column("*").from(Table.apiTokens).where("id", .equal, id)
            .first(decoding: APIToken.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    func list(userID: UUID, page: PageRequest) async throws -> Paged<APIToken> {
        try await Paged.fetch(db, page: page, decoding: APIToken.self) { select in
            select.from(Table.apiTokens).where("user_id", .equal, userID)
        } order: { select in
            select.orderBy("created_at", .descending).orderBy("id")
        }
    }

    /// Deletes every token of the user but `keeping`; returns how many went.
    @discardableResult
    func deleteAll(userID: UUID, keeping: UUID? = nil) async throws -> Int {
        var delete = db.delete(from: Table.apiTokens).where("user_id", .equal, userID)
        if let keeping { delete = delete.where("id", .notEqual, keeping) }
        return try await delete.returning("id").all().count
    }

    /// Deletes one of the user's tokens; false when there was none.
    @discardableResult
    func delete(id: UUID, userID: UUID) async throws -> Bool {
        let deleted = try await db.delete(from: Table.apiTokens)
            .where("id", .equal, id).where("user_id", .equal, userID)
            .returning("id").all()
        return !deleted.isEmpty
    }
}
