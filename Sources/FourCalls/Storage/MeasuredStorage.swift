import Metrics
import SQLKit
import ServiceLifecycle

/// A `Storage` that times every read and transaction of the one it wraps (both engines
/// alike) for `/metrics`.
struct MeasuredStorage: Storage {
    let base: any Storage

    var engine: DatabaseEngine { base.engine }
    var isShared: Bool { base.isShared }
    var services: [any Service] { base.services }
    var changes: ChangeFeed { base.changes }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await measure("read") { try await base.read(body) }
    }

    func heavyRead<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await measure("read") { try await base.heavyRead(body) }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await measure("transaction") { try await base.transaction(body) }
    }

    func autocommit<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await measure("autocommit") { try await base.autocommit(body) }
    }

    func shutdown() async { await base.shutdown() }

    private func measure<T>(_ kind: String, _ operation: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        defer {
            AppMetrics.databaseOperation(kind).recordInterval(since: start)
            RequestTiming.current?.addDatabase(ContinuousClock.now - start)
        }
        do {
            return try await operation()
        } catch {
            // A validation error or conflict found inside a transaction is no database failure.
            if !(error is APIError || error is SlotRefusal) { AppMetrics.databaseError(kind).increment() }
            throw error
        }
    }
}

extension Timer {
    /// Records the time elapsed since `start`.
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
