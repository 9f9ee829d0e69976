import Foundation
import SQLKit

/// SQL for `platform_calls` (a voice platform's call, recorded once) and the call fields its
/// later reports fill.
struct PlatformCallRepository {
    let db: any SQLDatabase

    /// Inserts the platform call's key unless it is there, then reads it with its row locked
    /// (PostgreSQL; SQLite's writer is alone): reports of one call take turns from here.
    /// Returns the call record it points to, nil while none was made.
    func claim(organizationID: UUID, platform: String, callID: String, now: Date) async throws -> UUID? {
        try await db.insert(into: Table.platformCalls)
            .columns("organization_id", "platform", "platform_call_id", "created_at")
            .values(SQLBind(organizationID), SQLBind(platform), SQLBind(callID), SQLBind(now))
            .ignoringConflicts(with: ["organization_id", "platform", "platform_call_id"]).run()
        return try await db.select().column("call_id").from(Table.platformCalls)
            .where("organization_id", .equal, organizationID).where("platform", .equal, platform)
            .where("platform_call_id", .equal, callID).for(.update)
            .first(decodingColumn: "call_id", as: UUID?.self) ?? nil
    }

    /// Points the platform call at the call record made from it.
    func link(organizationID: UUID, platform: String, callID: String, to recordID: UUID) async throws {
        try await db.update(Table.platformCalls).set("call_id", to: recordID)
            .where("organization_id", .equal, organizationID).where("platform", .equal, platform)
            .where("platform_call_id", .equal, callID).run()
    }

    /// Fills the call's transcript, summary, recording and duration where they are still empty.
    func fillEmpty(
        callID: UUID, organizationID: UUID, transcript: String?, summary: String?, recordingURL: String?, durationSeconds: Int?
    ) async throws {
        func keep(_ column: String, _ value: String?) -> any SQLExpression {
            SQLFunction("COALESCE", args: SQLIdentifier(column), SQLBind(value))
        }
        var update = db.update(Table.calls)
            .set(SQLIdentifier("transcript"), to: keep("transcript", transcript))
            .set(SQLIdentifier("summary"), to: keep("summary", summary))
            .set(SQLIdentifier("recording_url"), to: keep("recording_url", recordingURL))
        if let duration = durationSeconds, duration > 0 {
            update = update.set(
                SQLIdentifier("duration_seconds"),
                to: SQLRaw("CASE WHEN duration_seconds = 0 THEN \(min(duration, 86_400)) ELSE duration_seconds END"))
        }
        try await update.where("id", .equal, callID).where("organization_id", .equal, organizationID).run()
    }
}
