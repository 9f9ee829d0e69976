import Logging
import PostgresNIO
import ServiceLifecycle

/// Every instance's change notices, from `LISTEN` on a connection of its own (outside the
/// pool), delivered to this instance's feed. While it is disconnected notices are lost, so
/// each time `LISTEN` starts it delivers `everything`: caches drop what they hold and the
/// dispatcher looks at the outbox (stack notes §12).
struct PostgresChangeListener: Service {
    static let channel = "fourcalls_changes"

    let location: DatabaseURL.PostgresLocation
    let feed: ChangeFeed
    let logger: Logger

    func run() async throws {
        var attempt = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let started = ContinuousClock.now
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: try location.connectionConfiguration(), id: attempt, logger: logger)
                do {
                    try await cancelWhenGracefulShutdown {
                        try await connection.listen(on: Self.channel) { notifications in
                            feed.deliver([.everything])
                            for try await notification in notifications {
                                feed.deliver([ChangeNotice(payload: notification.payload) ?? .everything])
                            }
                        }
                    }
                } catch {
                    if !Task.isCancelled, !Task.isShuttingDownGracefully {
                        logger.warning("change listener lost its connection", metadata: ["error": "\(String(reflecting: error))"])
                    }
                }
                try? await connection.close()
            } catch {
                logger.warning("change listener could not connect", metadata: ["error": "\(String(reflecting: error))"])
            }
            // A connection that lived a while was no failure to back off from.
            attempt = ContinuousClock.now - started > .seconds(10) ? 1 : attempt + 1
            try? await Task.sleep(for: .milliseconds(min(5_000, 100 << min(attempt, 6))))
        }
    }
}
