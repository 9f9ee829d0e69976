import ServiceLifecycle

/// `fourcalls serve`: builds the application and runs it until SIGTERM or SIGINT. Then the
/// listener closes, requests in flight finish, the webhook dispatcher finishes its attempts
/// in flight (each bounded by its 10-second timeout), the background services stop, and
/// the database closes; `SHUTDOWN_TIMEOUT_SECONDS` bounds the whole wait, after which
/// what is left is cancelled.
public func runServer(_ configuration: AppConfiguration) async throws {
    MemoryTrim.keepLargeBlocksOutOfTheHeap()
    FileLimit.raiseToHardLimit()
    let app = try await buildApplication(configuration)
    var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: app.logger)
    group.maximumGracefulShutdownDuration = .seconds(configuration.shutdownTimeoutSeconds)
    group.maximumCancellationDuration = .seconds(5)
    try await ServiceGroup(configuration: group).run()
}
