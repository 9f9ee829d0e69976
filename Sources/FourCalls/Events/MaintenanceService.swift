import Foundation
import Logging
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
        guard await startup.opened() else { return }
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
        let currentWindow = Int(now.timeIntervalSince1970) / RateLimiter.window * RateLimiter.window
        let retention = retention
        try await storage.transaction { db in
            let expired = RetentionRepository(db: db)
            try await expired.deleteExpired(at: now)
            try await ConsoleSessionRepository(db: db).deleteIdle(seenBefore: now.addingTimeInterval(-ConsoleSession.idleLimit))
            try await RateLimitRepository(db: db).deleteBefore(window: currentWindow - RateLimiter.window)
            try await expired.failStalledImports(
                before: now.addingTimeInterval(-Self.stalledImport),
                reason: "The import stopped: the server stopped while it ran. The rows it had processed are imported.", at: now)
            try await expired.deleteDeliveries(deliveredBefore: now.addingTimeInterval(-Double(retention.webhookDays) * 86_400))
            // Leases per contact and local day (the daily cap) of days every zone has left behind.
            let past = LocalDay(containing: now.addingTimeInterval(-2 * 86_400), in: TimeZone(identifier: "UTC") ?? .current)
            try await CampaignRepository(db: db).deleteAttempts(before: past.text)
        }
        await MemoryTrim.release()
    }
}
