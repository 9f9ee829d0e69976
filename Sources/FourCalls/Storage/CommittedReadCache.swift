import Foundation
import NIOConcurrencyHelpers

/// Values read from the database, reused while no write transaction has committed in this
/// instance since they were read (`ChangeFeed.commits`), so a client sees its own writes at
/// once; and for `lifetime` at most, for what other instances sharing a PostgreSQL database
/// write. Requests that miss together wait for one read. Used for reads every request of a
/// kind repeats: the dashboard's counts (at 100,000 contacts, a few milliseconds each) and
/// what the call-start packet tells of the business.
final class CommittedReadCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        let commits: Int
        let readAt: ContinuousClock.Instant
        let value: Value
    }

    private struct State: Sendable {
        var entries: [Key: Entry] = [:]
        var reading: [Key: (commits: Int, task: Task<Value, any Error>)] = [:]
    }

    private enum Found {
        case cached(Value)
        case reading(Task<Value, any Error>)
    }

    private let state = NIOLockedValueBox(State())
    let lifetime: Duration
    let capacity: Int

    init(lifetime: Duration = .seconds(1), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The value of `key` as of `commits` (`ChangeFeed.commits`, read before calling), read by
    /// `read` unless an entry or a read of the same commit count is there to share.
    func value(_ key: Key, commits: Int, read: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        let found: Found = state.withLockedValue { state in
            if let entry = state.entries[key], entry.commits == commits, now - entry.readAt < lifetime { return .cached(entry.value) }
            if let reading = state.reading[key], reading.commits == commits { return .reading(reading.task) }
            let task = Task { try await read() }
            state.reading[key] = (commits, task)
            return .reading(task)
        }
        let task: Task<Value, any Error>
        switch found {
        case .cached(let value): return value
        case .reading(let running): task = running
        }
        defer { state.withLockedValue { if $0.reading[key]?.commits == commits { $0.reading[key] = nil } } }
        let value = try await task.value
        state.withLockedValue { state in
            if state.entries.count >= capacity { state.entries = [:] }
            if state.entries[key].map({ $0.commits <= commits }) ?? true {
                state.entries[key] = Entry(commits: commits, readAt: now, value: value)
            }
        }
        return value
    }
}
