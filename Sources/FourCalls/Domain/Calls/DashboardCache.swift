import Foundation
import NIOConcurrencyHelpers

/// Dashboard figures per organization and local day, reused while no write transaction has
/// committed in this instance since they were read (`ChangeFeed.commits`), so a client sees
/// its own writes at once; and for `lifetime` at most, for what other instances sharing a
/// PostgreSQL database write. Requests that miss together wait for one computation. (The
/// counts read every contact and appointment of the organization: at 100,000 contacts, a
/// few milliseconds a request.)
final class DashboardCache: Sendable {
    struct Key: Hashable, Sendable {
        let organizationID: UUID
        let day: String
    }

    private struct Entry: Sendable {
        let commits: Int
        let readAt: ContinuousClock.Instant
        let metrics: DashboardMetrics
    }

    private struct State: Sendable {
        var entries: [Key: Entry] = [:]
        var computing: [Key: (commits: Int, task: Task<DashboardMetrics, any Error>)] = [:]
    }

    private let state = NIOLockedValueBox(State())
    let lifetime: Duration
    let capacity: Int

    init(lifetime: Duration = .seconds(1), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The metrics of `key` as of `commits` (read before calling), computed by `compute` unless
    /// an entry or a computation of the same commit count is there to share.
    func metrics(_ key: Key, commits: Int, compute: @escaping @Sendable () async throws -> DashboardMetrics) async throws
        -> DashboardMetrics
    {
        enum Found { case cached(DashboardMetrics), computing(Task<DashboardMetrics, any Error>) }
        let now = ContinuousClock.now
        let found: Found = state.withLockedValue { state in
            if let entry = state.entries[key], entry.commits == commits, now - entry.readAt < lifetime { return .cached(entry.metrics) }
            if let computing = state.computing[key], computing.commits == commits { return .computing(computing.task) }
            let task = Task { try await compute() }
            state.computing[key] = (commits, task)
            return .computing(task)
        }
        let task: Task<DashboardMetrics, any Error>
        switch found {
        case .cached(let metrics): return metrics
        case .computing(let running): task = running
        }
        defer { state.withLockedValue { if $0.computing[key]?.commits == commits { $0.computing[key] = nil } } }
        let metrics = try await task.value
        state.withLockedValue { state in
            if state.entries.count >= capacity { state.entries = [:] }
            if state.entries[key].map({ $0.commits <= commits }) ?? true {
                state.entries[key] = Entry(commits: commits, readAt: now, metrics: metrics)
            }
        }
        return metrics
    }
}
