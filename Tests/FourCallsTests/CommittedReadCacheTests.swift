import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import FourCalls

/// `CommittedReadCache`'s timing, on a clock the test moves: the HTTP tests see that every
/// write shows at once (`lookupsAndFreeSlotsShowEachWriteAtOnce`, the dashboard's and the
/// call-start packet's tests) and other instances' within seconds (`InstancesTests`).
@Suite("Committed-read cache")
struct CommittedReadCacheTests {
    /// A clock the test moves, and a read that counts how often it runs.
    final class Probe: Sendable {
        private let time = NIOLockedValueBox(ContinuousClock.now)
        private let count = NIOLockedValueBox(0)

        var now: ContinuousClock.Instant { time.withLockedValue { $0 } }
        var reads: Int { count.withLockedValue { $0 } }

        func advance(_ duration: Duration) { time.withLockedValue { $0 += duration } }

        /// The read: how many reads there have been, this one included.
        func read() async throws -> Int { count.withLockedValue { $0 += 1; return $0 } }

        /// Waits until `reads` reaches `n`, a minute at most (a busy test run may keep the read waiting its turn for seconds).
        func waitForReads(_ n: Int) async throws -> Bool {
            for _ in 0..<6_000 where reads < n { try await Task.sleep(for: .milliseconds(10)) }
            return reads >= n
        }
    }

    @Test func entriesLastUntilACommitOrTheirLifetime() async throws {
        let probe = Probe()
        let cache = CommittedReadCache<String, Int>(lifetime: .seconds(1), now: { probe.now })
        #expect(try await cache.value("a", commits: 0, read: probe.read) == 1)
        #expect(try await cache.value("a", commits: 0, read: probe.read) == 1)
        #expect(try await cache.value("b", commits: 0, read: probe.read) == 2)
        // A commit: read again at once.
        #expect(try await cache.value("a", commits: 1, read: probe.read) == 3)
        // Unused for a lifetime: read again, and the caller waits for it.
        probe.advance(.seconds(1))
        #expect(try await cache.value("a", commits: 1, read: probe.read) == 4)
        #expect(probe.reads == 4)
    }

    @Test func anEntryPastHalfItsLifeIsReadAgainWhileItIsServed() async throws {
        let probe = Probe()
        let cache = CommittedReadCache<String, Int>(lifetime: .seconds(1), now: { probe.now })
        #expect(try await cache.value("a", commits: 0, read: probe.read) == 1)
        probe.advance(.milliseconds(400))
        #expect(try await cache.value("a", commits: 0, read: probe.read) == 1)
        #expect(probe.reads == 1)
        probe.advance(.milliseconds(200))
        // Past half its life: still served, and read again behind the caller's back.
        #expect(try await cache.value("a", commits: 0, read: probe.read) == 1)
        #expect(try await probe.waitForReads(2))
        #expect(try await cache.value("a", commits: 0, read: probe.read) == 2)
        // The new entry counts its life from its own read: 0.9 s after the first it is fresh.
        probe.advance(.milliseconds(300))
        #expect(try await cache.value("a", commits: 0, read: probe.read) == 2)
        #expect(probe.reads == 2)
    }
}
