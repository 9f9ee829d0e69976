import SQLKit

/// SQL of the operational endpoints: readiness and the webhook queue's depth.
struct SystemRepository {
    let db: any SQLDatabase

    /// One round trip to the database; throws when it is not reachable.
    func ping() async throws {
        _ = try await db.raw("SELECT 1 AS one").first()
    }

    /// Webhook deliveries waiting to be made (`/metrics`).
    func pendingDeliveries() async throws -> Int {
        try await db.select().column(SQLRaw("COUNT(*)"), as: "count").from(Table.webhookDeliveries)
            .where("status", .equal, DeliveryStatus.pending.rawValue).first(decodingColumn: "count", as: Int.self) ?? 0
    }
}
