import Foundation
import Logging
import ServiceLifecycle

/// Background upkeep of campaigns: scheduled campaigns start at their time, and leases that
/// agents never reported on go back to the queue. (Leasing does both for its own
/// organization too, so an idle scheduler never holds up a call.)
struct CampaignScheduler: Service {
    let dialer: CampaignDialer
    let logger: Logger
    let startup: StartupGate
    var interval: Duration = .seconds(15)

    func run() async throws {
        guard await startup.opened() else { return }
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await dialer.tick()
            } catch {
                // Cancelled: the server is stopping (or never started: its port was taken).
                if Task.isCancelled { break }
                logger.error("campaign scheduling failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
