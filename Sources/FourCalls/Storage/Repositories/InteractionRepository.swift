import Foundation
import SQLKit

/// SQL for `ai_interactions` and the poll answers given in them (`poll_responses`).
struct InteractionRepository {
    let db: any SQLDatabase

    func insert(_ interaction: Interaction) async throws {
        try await db.insert(into: Table.aiInteractions)
            .model(interaction, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
    }

    func insert(_ answer: PollAnswer) async throws {
        try await db.insert(into: Table.pollResponses).model(answer, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
    }

    /// How many times each answer was given to the poll.
    func answerCounts(pollID: UUID, organizationID: UUID) async throws -> [String: Int] {
        let rows = try await db.select().column("answer").column(SQLRaw("COUNT(*)"), as: "count").from(Table.pollResponses)
            .where("poll_id", .equal, pollID).where("organization_id", .equal, organizationID).groupBy("answer").all()
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.decode(column: "answer", as: String.self)] = try row.decode(column: "count", as: Int.self) }
        return counts
    }
}
