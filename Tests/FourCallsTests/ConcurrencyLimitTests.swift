import NIOConcurrencyHelpers
import Testing
@testable import FourCalls

@Suite("Concurrency limit")
struct ConcurrencyLimitTests {
    /// What the bodies saw: how many ran at once at most, and the order they started in.
    final class Record: Sendable {
        private let state = NIOLockedValueBox((running: 0, most: 0, started: [Int]()))
        func start(_ index: Int) { state.withLockedValue { $0.running += 1; $0.most = max($0.most, $0.running); $0.started.append(index) } }
        func end() { state.withLockedValue { $0.running -= 1 } }
        var most: Int { state.withLockedValue { $0.most } }
        var started: [Int] { state.withLockedValue { $0.started } }
    }

    @Test
    func atMostTheLimitRunAtOnceAndTheOthersInTheOrderTheyCame() async throws {
        let limit = ConcurrencyLimit(3)
        let record = Record()
        // Three hold the places until the rest are queued, in a known order.
        let holders = (0..<3).map { index in
            Task {
                try await limit.run {
                    record.start(index)
                    while limit.waitingCount < 20 { await Task.yield() }
                    try await Task.sleep(for: .milliseconds(20))
                    record.end()
                }
            }
        }
        while record.started.count < 3 { await Task.yield() }
        var waiters: [Task<Void, any Error>] = []
        for index in 3..<23 {
            waiters.append(Task {
                try await limit.run {
                    record.start(index)
                    try await Task.sleep(for: .milliseconds(2))
                    record.end()
                }
            })
            while limit.waitingCount < index - 2 { await Task.yield() }
        }
        for task in holders + waiters { try await task.value }
        #expect(record.most == 3)
        #expect(Array(record.started.dropFirst(3)) == Array(3..<23))
        #expect(limit.waitingCount == 0)
    }

    @Test
    func aBodyThatThrowsGivesItsPlaceBack() async throws {
        struct Failure: Error {}
        let limit = ConcurrencyLimit(1)
        await #expect(throws: Failure.self) { try await limit.run { throw Failure() } }
        // The only place is free again: this would wait for ever otherwise.
        let value = try await limit.run { 42 }
        #expect(value == 42)
    }
}
