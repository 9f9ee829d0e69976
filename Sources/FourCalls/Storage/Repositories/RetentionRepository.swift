import Foundation
import SQLKit

/// SQL of the maintenance sweep: what has expired goes.
struct RetentionRepository {
    let db: any SQLDatabase

    /// Idempotency keys, agent tokens, user tokens and invitations whose `expires_at` has come.
    func deleteExpired(at now: Date) async throws {
        for table in [Table.idempotencyKeys, .aiAgentTokens, .apiTokens, .invitations] {
            try await db.delete(from: table).where("expires_at", .lessThanOrEqual, now).run()
        }
    }

    /// Marks running imports that made no progress since `before` failed, with `reason`.
    func failStalledImports(before: Date, reason: String, at now: Date) async throws {
        try await db.update(Table.contactImports)
            .set("status", to: ContactImportJob.Status.failed.rawValue)
            .set("error", to: reason)
            .set("finished_at", to: now).set("updated_at", to: now)
            .where("status", .equal, ContactImportJob.Status.running.rawValue)
            .where("updated_at", .lessThan, before)
            .run()
    }

    /// Delivered webhook deliveries (and their attempt logs) delivered before `cutoff`.
    func deleteDeliveries(deliveredBefore cutoff: Date) async throws {
        let old = SQLSubquery.select { select in
            select.column("id").from(Table.webhookDeliveries)
                .where("status", .equal, DeliveryStatus.delivered.rawValue).where("delivered_at", .lessThan, cutoff)
        }
        try await db.delete(from: Table.webhookAttempts).where("delivery_id", .in, old).run()
        try await db.delete(from: Table.webhookDeliveries)
            .where("status", .equal, DeliveryStatus.delivered.rawValue).where("delivered_at", .lessThan, cutoff).run()
    }
}
