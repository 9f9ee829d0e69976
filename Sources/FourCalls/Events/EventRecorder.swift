import Foundation
import SQLKit

/// The one way features record an event: in the caller's transaction, next to the change
/// that caused it, so an event exists exactly when its change was committed (transactional
/// outbox). The webhook dispatcher reads from here.
enum EventRecorder {
    static func record(
        _ event: EventName, organizationID: UUID, data: some Encodable & Sendable, at now: Date, on db: any SQLDatabase
    ) async throws {
        let payload = String(decoding: try JSONCoding.encoder.encode(data), as: UTF8.self)
        try await db.insert(into: "events")
            .columns("id", "organization_id", "event", "payload", "created_at")
            .values(SQLBind(UUID()), SQLBind(organizationID), SQLBind(event.rawValue), SQLBind(payload), SQLBind(now))
            .run()
    }
}
