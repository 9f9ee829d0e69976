import Foundation
import Logging
import SQLKit
import ServiceLifecycle

/// Sweeps what expires, on a schedule: idempotency keys past their 24 hours, rate-limit
/// windows that have closed, agent tokens past their hour, user tokens past their
/// `expires_at`, and delivered webhook deliveries (with their attempt logs) older than the
/// retention period. Failed deliveries stay, for inspection and redelivery. Invitations past
/// their 7 days go; a background import that made no progress for `stalledImport` (its
/// server stopped mid-way: every chunk of 500 rows writes its progress) is marked `failed`.
struct MaintenanceService: Service {
    struct Retention: Sendable {
        /// `RETENTION_WEBHOOK_DAYS`.
        var webhookDays = 30
    }

    let storage: any Storage
    let clock: any AppClock
    let logger: Logger
    let startup: StartupGate
    var retention = Retention()
    var interval: Duration = .seconds(600)
    static let stalledImport: TimeInterval = 15 * 60

    func run() async throws {
        await startup.wait()
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await sweep()
            } catch {
                // Cancelled: the server is stopping (or never started: its port was taken).
                if Task.isCancelled { break }
                logger.error("maintenance sweep failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            // Woken by graceful shutdown, so stopping the server never waits out the interval.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    func sweep() async throws {
        let now = clock.now()
        let currentWindow = Int(now.timeIntervalSince1970) / 60 * 60
        try await storage.transaction { db in
            try await db.delete(from: "idempotency_keys").where("expires_at", .lessThanOrEqual, now).run()
            try await RateLimitRepository(db: db).deleteBefore(window: currentWindow - 60)
            try await db.delete(from: "ai_agent_tokens").where("expires_at", .lessThanOrEqual, now).run()
            try await db.delete(from: "api_tokens").where("expires_at", .lessThanOrEqual, now).run()
            try await db.delete(from: "invitations").where("expires_at", .lessThanOrEqual, now).run()
            try await db.update("contact_imports")
                .set("status", to: ContactImportJob.Status.failed.rawValue)
                .set("error", to: "The import stopped: the server stopped while it ran. The rows it had processed are imported.")
                .set("finished_at", to: now).set("updated_at", to: now)
                .where("status", .equal, ContactImportJob.Status.running.rawValue)
                .where("updated_at", .lessThan, now.addingTimeInterval(-Self.stalledImport))
                .run()
            let cutoff = now.addingTimeInterval(-Double(retention.webhookDays) * 86_400)
            let old = SQLSubquery.select { select in
                select.column("id").from("webhook_deliveries")
                    .where("status", .equal, DeliveryStatus.delivered.rawValue).where("delivered_at", .lessThan, cutoff)
            }
            try await db.delete(from: "webhook_attempts").where("delivery_id", .in, old).run()
            try await db.delete(from: "webhook_deliveries")
                .where("status", .equal, DeliveryStatus.delivered.rawValue).where("delivered_at", .lessThan, cutoff).run()
        }
        MemoryTrim.release()
    }
}
