import ServiceLifecycle

/// Gives freed heap memory back to the system every half minute (see `MemoryTrim`): after a
/// burst of work the server shrinks back instead of holding its peak while idle.
struct MemoryTrimmer: Service {
    var interval: Duration = .seconds(30)

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            MemoryTrim.release()
        }
    }
}
