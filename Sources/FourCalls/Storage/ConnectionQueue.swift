/// A first-come, first-served lease over a fixed set of connections: each caller gets one
/// connection to itself until it gives it back. SQLite's single writer is a queue of one.
actor ConnectionQueue<Connection: Sendable> {
    private var idle: [Connection]
    private var waiters: [CheckedContinuation<Connection, Never>] = []
    let all: [Connection]
    /// Names the pool in metrics (`writer`, `readers`).
    let name: String

    init(_ connections: [Connection], name: String) {
        idle = connections
        all = connections
        self.name = name
    }

    func acquire() async -> Connection {
        if let connection = idle.popLast() { return connection }
        let start = ContinuousClock.now
        defer { AppMetrics.poolWait(name).recordInterval(since: start) }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ connection: Connection) {
        if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().resume(returning: connection)
        }
    }

    /// Leases a connection for the duration of `body`.
    nonisolated func withConnection<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        let connection = await acquire()
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }
}
