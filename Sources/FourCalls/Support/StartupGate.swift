import ServiceLifecycle

/// Opens once start-up work (migrations) is done; background services wait for it so they
/// never touch a schema that is not there yet. A wait ends with `CancellationError` when its
/// task is cancelled, so a server stopped before it started (its migrations failed) still stops.
actor StartupGate {
    private var isOpen = false
    private var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
    private var nextWaiter = 0

    func open() {
        isOpen = true
        for waiter in waiters.values { waiter.resume() }
        waiters = [:]
    }

    func wait() async throws {
        if isOpen { return }
        let id = nextWaiter
        nextWaiter += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    /// Waits for the gate from a service: false when the service is told to stop first
    /// (graceful shutdown or cancellation), and then it returns without starting.
    nonisolated func opened() async -> Bool {
        do {
            try await cancelWhenGracefulShutdown { try await self.wait() }
            return true
        } catch {
            return false
        }
    }

    private func cancel(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }
}
