import Foundation
import NIOConcurrencyHelpers

/// The webhook attempts this instance has in flight, per endpoint; and a way to wait until
/// one of them ends (a slot frees) or new deliveries are announced, instead of polling on a
/// fixed beat.
final class InFlightAttempts: Sendable {
    private struct State {
        var byEndpoint: [UUID: Int] = [:]
        var total = 0
    }

    private let state = NIOLockedValueBox(State())
    /// An attempt ended or work was announced: the dispatcher's loop looks again.
    private let changed = WakeSignal()

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
        state.withLockedValue { state in
            let count = state.byEndpoint[endpoint, default: 1] - 1
            state.byEndpoint[endpoint] = count > 0 ? count : nil
            state.total -= 1
        }
        changed.signal()
    }

    /// New deliveries were committed: the waiting loop looks at the outbox now.
    func announce() { changed.signal() }

    /// Returns when an attempt ends or work is announced (or did since the last call), or
    /// when `timeout` passes.
    /// Only the dispatcher's loop calls it, one call at a time.
    func waitForChange(upTo timeout: Duration) async {
        await changed.wait(upTo: timeout)
    }
}
