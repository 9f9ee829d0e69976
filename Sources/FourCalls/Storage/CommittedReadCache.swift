import Foundation
import NIOConcurrencyHelpers

/// Values read from the database, reused while no write transaction has committed in this
/// instance since they were read (`ChangeFeed.commits`), so a client sees its own writes at
/// once; and for `lifetime` at most, for what other instances sharing a PostgreSQL database
/// write. Requests that miss together wait for one read. Used for reads every request of a
/// kind repeats: the dashboard's counts (at 100,000 contacts, a few milliseconds each), what
/// the call-start packet tells of the business, and what voice agents read while a caller
/// waits (a caller's record, a day's busy time). Expired entries are dropped once per
/// `lifetime`, so the cache holds about a lifetime's distinct reads.
final class CommittedReadCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        let commits: Int
        let readAt: ContinuousClock.Instant
        let value: Value
    }

    private struct State: Sendable {
        var entries: [Key: Entry] = [:]
        var reading: [Key: (commits: Int, task: Task<Value, any Error>)] = [:]
        var swept = ContinuousClock.now
    }

    private enum Found {
        case cached(Value)
        case reading(Task<Value, any Error>)
    }

    private let state = NIOLockedValueBox(State())
    let lifetime: Duration
    let capacity: Int

    /// The time entries age by: the continuous clock, or a test's.
    private let now: @Sendable () -> ContinuousClock.Instant

    init(lifetime: Duration = .seconds(1), capacity: Int = 10_000, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.now = now
    }

    /// The value of `key` as of `commits` (`ChangeFeed.commits`, read before calling), read by
    /// `read` unless an entry or a read of the same commit count is there to share. An entry
    /// past half its lifetime is read again in the background while it is still served, so
    /// steady traffic does not wait for a read each time an entry would expire.
    func value(_ key: Key, commits: Int, read: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let now = self.now()
        let found: Found = state.withLockedValue { state in
            if let entry = state.entries[key], entry.commits == commits, now - entry.readAt < lifetime {
                if now - entry.readAt >= lifetime / 2, state.reading[key]?.commits != commits {
                    state.reading[key] = (commits, startReading(key, commits: commits, at: now, read))
                }
                return .cached(entry.value)
            }
            if let reading = state.reading[key], reading.commits == commits { return .reading(reading.task) }
            let task = startReading(key, commits: commits, at: now, read)
            state.reading[key] = (commits, task)
            return .reading(task)
        }
        switch found {
        case .cached(let value): return value
        case .reading(let task): return try await task.value
        }
    }

    /// A read that keeps its value as the entry of `key` (as read at `start`) when it ends,
    /// unless a read of a later commit count has already replaced it. Start it holding the lock
    /// and record it in `reading`: it clears that record when it ends.
    private func startReading(_ key: Key, commits: Int, at start: ContinuousClock.Instant, _ read: @escaping @Sendable () async throws -> Value)
        -> Task<Value, any Error>
    {
        Task {
            defer { state.withLockedValue { if $0.reading[key]?.commits == commits { $0.reading[key] = nil } } }
            let value = try await read()
            state.withLockedValue { state in
                if start - state.swept >= lifetime {
                    state.swept = start
                    let lifetime = lifetime
                    state.entries = state.entries.filter { start - $0.value.readAt < lifetime }
                }
                if state.entries.count >= capacity { state.entries = [:] }
                if state.entries[key].map({ $0.commits <= commits }) ?? true {
                    state.entries[key] = Entry(commits: commits, readAt: start, value: value)
                }
            }
            return value
        }
    }
}
