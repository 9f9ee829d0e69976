import Foundation
import NIOConcurrencyHelpers

/// The webhook attempts this instance has in flight, per endpoint; and a way to wait until
/// one of them ends (a slot frees) or new deliveries are announced, instead of polling on a
/// fixed beat.
final class InFlightAttempts: Sendable {
    private struct State {
        var byEndpoint: [UUID: Int] = [:]
        var total = 0
        /// The dispatcher's loop, waiting for an attempt to end.
        var waiter: CheckedContinuation<Void, Never>?
        /// An attempt ended (or work was announced) while nobody waited.
        var changed = false
    }

    private let state = NIOLockedValueBox(State())

    var total: Int { state.withLockedValue { $0.total } }

    /// Endpoints with `limit` attempts in flight.
    func saturated(limit: Int) -> [UUID] {
        state.withLockedValue { state in state.byEndpoint.filter { $0.value >= limit }.map(\.key) }
    }

    /// Counts an attempt to `endpoint` in, unless it has `limit` in flight already.
    func start(_ endpoint: UUID, limit: Int) -> Bool {
        state.withLockedValue { state in
            let count = state.byEndpoint[endpoint, default: 0]
            guard count < limit else { return false }
            state.byEndpoint[endpoint] = count + 1
            state.total += 1
            return true
        }
    }

    func finished(_ endpoint: UUID) {
        signal { state in
            let count = state.byEndpoint[endpoint, default: 1] - 1
            state.byEndpoint[endpoint] = count > 0 ? count : nil
            state.total -= 1
        }
    }

    /// New deliveries were committed: the waiting loop looks at the outbox now.
    func announce() { signal { _ in } }

    private func signal(_ change: (inout State) -> Void) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            change(&state)
            defer { state.waiter = nil }
            if state.waiter == nil { state.changed = true }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns when an attempt ends or work is announced (or did since the last call), or
    /// when `timeout` passes.
    /// Only the dispatcher's loop calls it, one call at a time.
    func waitForChange(upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.nextChange() }
            await group.next()
            group.cancelAll()
        }
    }

    private func nextChange() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLockedValue { state -> Bool in
                    if state.changed || Task.isCancelled {
                        state.changed = false
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
}
