import Foundation
import SQLKit

/// One event to record: its name, its organization and its data (the resource as the API
/// shows it).
struct PendingEvent: Sendable {
    let name: EventName
    let organizationID: UUID
    let data: any Encodable & Sendable
}

/// The one way features record events: in the caller's transaction, next to the change
/// that caused them, so an event exists exactly when its change was committed
/// (transactional outbox). The webhook dispatcher reads from here.
enum EventRecorder {
    static func record(
        _ event: EventName, organizationID: UUID, data: some Encodable & Sendable, at now: Date, on db: any SQLDatabase
    ) async throws {
        try await record([PendingEvent(name: event, organizationID: organizationID, data: data)], at: now, on: db)
    }

    /// Records many events with few statements (imports).
    static func record(_ events: [PendingEvent], at now: Date, on db: any SQLDatabase) async throws {
        for chunk in events.chunks(of: 500) {
            var insert = db.insert(into: "events").columns("id", "organization_id", "event", "payload", "created_at")
            for event in chunk {
                let payload = String(decoding: try JSONCoding.encoder.encode(event.data), as: UTF8.self)
                insert = insert.values(SQLBind(UUID()), SQLBind(event.organizationID), SQLBind(event.name.rawValue), SQLBind(payload), SQLBind(now))
            }
            try await insert.run()
        }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
