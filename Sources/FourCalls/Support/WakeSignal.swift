import NIOConcurrencyHelpers

/// A signal one task at a time waits for: the webhook dispatcher's loop waiting for work
/// (each wait takes the signal: `latches` false), `BoundedStop` waiting for a service to end
/// (a signal stays given: `latches` true). A signal given while nobody waits is kept for the
/// next wait; a wait also ends when its task is cancelled.
final class WakeSignal: Sendable {
    private struct State {
        var signalled = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())
    private let latches: Bool

    init(latches: Bool = false) {
        self.latches = latches
    }

    /// Whether the signal was given (and, unless it latches, not yet taken by a wait).
    var isSignalled: Bool { state.withLockedValue { $0.signalled } }

    func signal() {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            defer { state.waiter = nil }
            if state.waiter == nil || latches { state.signalled = true }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns once the signal is given (or was, since the last wait), or the task is cancelled.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLockedValue { state -> Bool in
                    if state.signalled || Task.isCancelled {
                        if !latches { state.signalled = false }
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }

    /// `wait()`, for `timeout` at most.
    func wait(upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.wait() }
            await group.next()
            group.cancelAll()
        }
    }
}
