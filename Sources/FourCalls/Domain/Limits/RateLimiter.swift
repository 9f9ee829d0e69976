import Foundation
import HTTPTypes
import NIOConcurrencyHelpers
import SQLKit

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
    func increment(_ key: String, window: Int) async throws -> Int
}

/// Counts in the process (SQLite: one process owns the database).
final class MemoryRateLimitCounter: RateLimitCounter {
    private let counts = NIOLockedValueBox<[String: (window: Int, count: Int)]>([:])

    func increment(_ key: String, window: Int) async throws -> Int {
        counts.withLockedValue { counts in
            var entry = counts[key] ?? (window, 0)
            if entry.window != window { entry = (window, 0) }
            entry.count += 1
            counts[key] = entry
            if counts.count > 100_000 { counts = counts.filter { $0.value.window == window } }  // forget old windows
            return entry.count
        }
    }
}

/// Counts in the database so that every instance sharing it shares the counts: one
/// `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` per request, no read-then-write race.
struct DatabaseRateLimitCounter: RateLimitCounter {
    let storage: any Storage

    func increment(_ key: String, window: Int) async throws -> Int {
        // One statement that commits by itself: used with PostgreSQL only, whose connections
        // `read` hands out are ordinary read-write ones.
        try await storage.read { db in
            try await db.raw(
                """
                INSERT INTO rate_limit_windows (key, window_start, count) VALUES (\(bind: key), \(bind: window), 1)
                ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_windows.count + 1
                RETURNING count
                """
            ).first(decodingColumn: "count", as: Int.self) ?? 1
        }
    }
}

struct RateLimiter: Sendable {
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
        let window = now - now % 60
        let count = try await counter.increment("\(tier.rawValue):\(key)", window: window)
        return RateLimitDecision(limit: limits.limit(for: tier), count: count, reset: window + 60)
    }
}
