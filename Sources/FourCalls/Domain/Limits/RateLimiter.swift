import Foundation
import HTTPTypes
import NIOConcurrencyHelpers

/// The rate-limit tiers of CONTRACT section 8, each counted per minute.
enum RateLimitTier: String, Sendable {
    /// Per user token.
    case standard
    /// Bulk tag, untag, delete and CSV import, per user token.
    case bulk
    /// The AI agent API, per agent token.
    case agent
    /// Login and register, per client address.
    case auth
}

/// The per-minute limits, from the settings (`RATE_LIMIT_*`).
struct RateLimits: Sendable {
    var standard: Int
    var bulk: Int
    var agent: Int
    var auth: Int

    func limit(for tier: RateLimitTier) -> Int {
        switch tier {
        case .standard: standard
        case .bulk: bulk
        case .agent: agent
        case .auth: auth
        }
    }
}

/// Where a request stands in its window.
struct RateLimitDecision: Sendable {
    let limit: Int
    let count: Int
    /// Unix seconds when the window ends.
    let reset: Int

    var allowed: Bool { count <= limit }
    var remaining: Int { max(0, limit - count) }
}

/// Fixed one-minute windows. Each request adds one to the count of its key's window with a
/// single atomic statement and learns the new count.
protocol RateLimitCounter: Sendable {
    /// Counts one request of `key` in `window` and returns the window's count so far.
    func increment(_ key: String, window: Int, limit: Int) async throws -> Int
}

/// Counts in the process (SQLite: one process owns the database).
final class MemoryRateLimitCounter: RateLimitCounter {
    /// A key's count in its latest window and in the window before: a request that read the
    /// clock just before a minute's turn can arrive after one that read it just after, and
    /// counts in its own window (a single count, reset by whichever window came last, let a
    /// minute's turn pass more than the limit).
    private struct Counts {
        var window: Int
        var count = 0
        var previous = 0
    }

    private let counts = NIOLockedValueBox<[String: Counts]>([:])

    func increment(_ key: String, window: Int, limit: Int) async throws -> Int {
        counts.withLockedValue { counts in
            var entry = counts[key] ?? Counts(window: window)
            if window > entry.window {
                entry = Counts(window: window, previous: window - entry.window == RateLimiter.window ? entry.count : 0)
            }
            let count: Int
            switch window {
            case entry.window:
                entry.count += 1
                count = entry.count
            case entry.window - RateLimiter.window:
                entry.previous += 1
                count = entry.previous
            default:
                count = 1  // a window no longer kept (the request waited over a minute): not counted
            }
            counts[key] = entry
            if counts.count > 100_000 { counts = counts.filter { $0.value.window >= window } }  // forget old windows
            return count
        }
    }
}

/// Counts through the database, which every instance sharing it shares, in blocks: an
/// instance claims a block of a key's window at a time (a twentieth of the limit) with one
/// atomic statement, then counts the block's requests in memory. The limit holds across
/// instances exactly as claimed (no instance serves past what the database granted it),
/// and a request costs a round trip only once per block: never at the default limits'
/// rates beyond a few a minute per key. A block an instance leaves unused in a window is
/// lost to the others (a twentieth of the limit per instance at most).
final class LeasedRateLimitCounter: RateLimitCounter {
    /// A key's window: each window of a key has its lease. A request counts in the window it
    /// arrived in, also when the next one has begun while it waited for a claim (a lease per
    /// key, replaced by whichever window a request named, dropped the claims of the other:
    /// at a minute's turn, 60 concurrent requests under a limit of 30 saw 50 refused).
    private struct Slot: Hashable {
        let key: String
        let window: Int
    }

    private struct Lease {
        /// The window's count in the database after this instance's last claim: every
        /// instance's claims so far.
        var claimed = 0
        /// Requests of this instance's claimed blocks not used yet.
        var unused = 0
        /// The database granted nothing more in this window: refuse without asking again.
        var exhausted = false
        /// The claim under way: requests that find the block used up wait for it instead of
        /// claiming a block each.
        var claiming: Task<Void, any Error>?

        /// The window's count as this instance knows it (claimed blocks count as used).
        var count: Int { claimed - unused }
    }

    private enum Step {
        case counted(Int)
        case wait(Task<Void, any Error>)
    }

    private struct Leases {
        var bySlot: [Slot: Lease] = [:]
        /// The latest window a lease was made for: its first lease forgets those of the
        /// windows before the one it follows.
        var latestWindow = 0
    }

    private let leases = NIOLockedValueBox(Leases())
    let storage: any Storage

    init(storage: any Storage) {
        self.storage = storage
    }

    func increment(_ key: String, window: Int, limit: Int) async throws -> Int {
        let slot = Slot(key: key, window: window)
        while true {
            let step = leases.withLockedValue { leases -> Step in
                if window > leases.latestWindow {
                    leases.latestWindow = window
                    leases.bySlot = leases.bySlot.filter { $0.key.window >= window - RateLimiter.window }
                }
                var lease = leases.bySlot[slot] ?? Lease()
                defer { leases.bySlot[slot] = lease }
                if lease.unused > 0 {
                    lease.unused -= 1
                    // Granted by the database: within the limit, whatever this instance saw since.
                    return .counted(min(lease.count, limit))
                }
                if lease.exhausted { return .counted(max(limit, lease.count) + 1) }
                if let claiming = lease.claiming { return .wait(claiming) }
                let claim = Task { try await self.claim(slot, limit: limit) }
                lease.claiming = claim
                return .wait(claim)
            }
            switch step {
            case .counted(let count): return count
            case .wait(let claim): try await claim.value
            }
        }
    }

    /// Claims a block of the window from the database and adds what it grants to the lease.
    private func claim(_ slot: Slot, limit: Int) async throws {
        let block = max(1, limit / 20)
        let total: Int
        do {
            total = try await storage.read { db in try await RateLimitRepository(db: db).add(block, to: slot.key, window: slot.window) }
        } catch {
            leases.withLockedValue { $0.bySlot[slot]?.claiming = nil }
            throw error
        }
        let granted = max(0, min(block, limit - (total - block)))
        leases.withLockedValue { leases in
            guard var lease = leases.bySlot[slot] else { return }
            lease.claiming = nil
            lease.claimed = max(lease.claimed, total)
            lease.unused += granted
            if granted == 0 { lease.exhausted = true }
            leases.bySlot[slot] = lease
        }
    }
}

struct RateLimiter: Sendable {
    /// A window's length in seconds: limits are per minute, from the minute's start.
    static let window = 60

    let limits: RateLimits
    let counter: any RateLimitCounter
    let clock: any AppClock
    var enabled = true

    /// The 429 `RATE_LIMITED` for a refused decision, with `Retry-After` added to `headers`.
    func refusal(_ decision: RateLimitDecision, tier: RateLimitTier, headers: HTTPFields = [:]) -> APIError {
        AppMetrics.rateLimitRejection(tier.rawValue).increment()
        let wait = max(1, decision.reset - Int(clock.now().timeIntervalSince1970))
        var headers = headers
        headers[.retryAfter] = String(wait)
        return APIError(
            .tooManyRequests, code: "RATE_LIMITED",
            message: "Too many requests: the limit is \(decision.limit) a minute. Try again in \(wait) seconds.", headers: headers)
    }

    func check(_ tier: RateLimitTier, key: String) async throws -> RateLimitDecision {
        let now = Int(clock.now().timeIntervalSince1970)
        let window = now - now % Self.window
        let limit = limits.limit(for: tier)
        let count = try await counter.increment("\(tier.rawValue):\(key)", window: window, limit: limit)
        return RateLimitDecision(limit: limit, count: count, reset: window + Self.window)
    }
}
