import NIOConcurrencyHelpers
import ServiceLifecycle

/// Gives freed heap memory back to the system every 10 seconds (see `MemoryTrim`): after a
/// burst of work the server shrinks back instead of holding its peak while idle. After the
/// benchmark's seeding on PostgreSQL, 24 of the heaps' 30 MB were free 24 s later but in
/// 27,000 pieces between small live objects, so no page could go back; those objects went
/// about 30 s after the burst, and the next trim gave back 19 MB. Every 30 s, that trim came
/// up to 30 s later. The heap is the process's: however many applications a process runs
/// (the tests run dozens at once), it is trimmed once an interval.
struct MemoryTrimmer: Service {
    var interval: Duration = .seconds(10)

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            // A stop ends the wait and trims nothing: the process gives it all back anyway.
            guard (try? await cancelWhenGracefulShutdown({ try await Task.sleep(for: interval) })) != nil, !Task.isShuttingDownGracefully
            else { return }
            if Self.due(every: interval) { await MemoryTrim.release() }
        }
    }

    private static let lastTrim = NIOLockedValueBox<ContinuousClock.Instant?>(nil)

    /// Whether a trim is due in this process, and if so, counts it done.
    private static func due(every interval: Duration) -> Bool {
        lastTrim.withLockedValue { last in
            let now = ContinuousClock.now
            // A little early counts: trimmers wake up to a scheduling delay apart.
            if let last, now - last < interval * 0.9 { return false }
            last = now
            return true
        }
    }
}
