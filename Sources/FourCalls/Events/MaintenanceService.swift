import Foundation
import Logging
import SQLKit
import ServiceLifecycle

/// Sweeps what expires: idempotency keys past their 24 hours, rate-limit windows that have
/// closed, and agent tokens past their hour.
struct MaintenanceService: Service {
    let storage: any Storage
    let clock: any AppClock
    let logger: Logger
    let startup: StartupGate
    var interval: Duration = .seconds(600)

    func run() async throws {
        await startup.wait()
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await sweep()
            } catch {
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
            try await db.delete(from: "rate_limit_windows").where("window_start", .lessThan, currentWindow - 60).run()
            try await db.delete(from: "ai_agent_tokens").where("expires_at", .lessThanOrEqual, now).run()
        }
    }
}
