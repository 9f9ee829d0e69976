import NIOCore
import NIOConcurrencyHelpers

/// At most `limit` bodies run at once; the others wait their turn in the order they came.
/// Taking a free place costs a lock, not a suspension. A waiting task is not cancelled: its
/// body is a short unit of work it runs once its turn comes.
final class ConcurrencyLimit: Sendable {
    private struct State {
        var free: Int
        var waiting = CircularBuffer<CheckedContinuation<Void, Never>>()
    }
    private let state: NIOLockedValueBox<State>
    let limit: Int

    init(_ limit: Int) {
        precondition(limit > 0, "a limit lets at least one body run")
        self.limit = limit
        state = NIOLockedValueBox(State(free: limit))
    }

    func run<T>(_ body: () async throws -> T) async throws -> T {
        await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async {
        let entered = state.withLockedValue { state in
            guard state.free > 0 else { return false }
            state.free -= 1
            return true
        }
        if entered { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // A place freed meanwhile is taken at once; otherwise `leave` hands one over.
            let enteredNow = state.withLockedValue { state in
                guard state.free > 0 else {
                    state.waiting.append(continuation)
                    return false
                }
                state.free -= 1
                return true
            }
            if enteredNow { continuation.resume() }
        }
    }

    private func leave() {
        let next = state.withLockedValue { state in
            guard let next = state.waiting.popFirst() else {
                state.free += 1
                return CheckedContinuation<Void, Never>?.none
            }
            return next  // the place passes straight to the first waiter
        }
        next?.resume()
    }

    /// Bodies waiting for a place (for tests).
    var waitingCount: Int { state.withLockedValue { $0.waiting.count } }
}
