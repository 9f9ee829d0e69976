import Logging
import ServiceLifecycle

/// Runs a service whose stopping is not in our hands (the database driver's connection pool,
/// its `LISTEN` connection) so that stopping the server never waits on it forever. When the
/// server stops (graceful shutdown or cancellation) the service is cancelled and given
/// `limit` to return; past that it is left behind with a warning naming it, and the rest of
/// the shutdown (closing the bcrypt threads) goes on. postgres-nio's pool was seen, about
/// once in a dozen full test runs, to have closed every connection and still not return.
struct BoundedStop: Service, CustomStringConvertible {
    let service: any Service
    var limit: Duration = .seconds(5)
    let logger: Logger

    var description: String { String(describing: type(of: service)) }

    func run() async throws {
        let finished = WakeSignal(latches: true)
        let service = service
        let task = Task {
            defer { finished.signal() }
            try await service.run()
        }
        // Until the service ends by itself, or the server stops.
        await cancelWhenGracefulShutdown { await finished.wait() }
        if finished.isSignalled { return try await task.value }
        task.cancel()
        // Given its time even when this task is cancelled (the wait is a task of its own).
        let limit = limit
        await Task { await finished.wait(upTo: limit) }.value
        if finished.isSignalled { return try await task.value }
        logger.warning("a service did not stop in time: the shutdown goes on without it", metadata: ["service": "\(self)", "limit": "\(limit)"])
    }
}
