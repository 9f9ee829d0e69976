import Foundation
import NIOConcurrencyHelpers

/// The deliveries this instance holds leased, per endpoint: those being attempted (at most
/// `perEndpoint` to one endpoint) and those waiting for one of its slots, which an attempt
/// that ends takes up at once, with no claim in between. And a way for the dispatcher's loop
/// to wait until it should claim again (an endpoint has nothing left waiting, or new
/// deliveries were announced) instead of polling on a fixed beat.
final class InFlightAttempts: Sendable {
    private struct State {
        var attempting: [UUID: Int] = [:]
        var waiting: [UUID: [WebhookDelivery]] = [:]
        var attemptingTotal = 0
    }

    /// Attempts in flight to one endpoint at most.
    let perEndpoint: Int
    private let state = NIOLockedValueBox(State())
    /// A slot freed with nothing waiting for it, or work was announced: the loop claims again.
    private let changed = WakeSignal()

    init(perEndpoint: Int) {
        self.perEndpoint = perEndpoint
    }

    /// Attempts in flight.
    var attempting: Int { state.withLockedValue { $0.attemptingTotal } }

    /// The deliveries held, attempted or waiting, by endpoint.
    var held: [UUID: Int] {
        state.withLockedValue { state in
            state.attempting.merging(state.waiting.mapValues(\.count), uniquingKeysWith: +)
        }
    }

    /// Takes newly leased deliveries in: those to attempt now, in their endpoint's free slots;
    /// the others wait for a slot of their endpoint.
    func admit(_ deliveries: [WebhookDelivery]) -> [WebhookDelivery] {
        state.withLockedValue { state in
            var start: [WebhookDelivery] = []
            for delivery in deliveries {
                let endpoint = delivery.webhookId
                if state.attempting[endpoint, default: 0] < perEndpoint {
                    state.attempting[endpoint, default: 0] += 1
                    state.attemptingTotal += 1
                    start.append(delivery)
                } else {
                    state.waiting[endpoint, default: []].append(delivery)
                }
            }
            return start
        }
    }

    /// An attempt of `delivery` ended: the next delivery waiting for its endpoint, to attempt
    /// in the slot it freed, or nil when none waits (the slot is free).
    func finished(_ delivery: WebhookDelivery) -> WebhookDelivery? {
        let endpoint = delivery.webhookId
        let (next, claimAgain) = state.withLockedValue { state -> (WebhookDelivery?, Bool) in
            if var queue = state.waiting[endpoint], !queue.isEmpty {
                let next = queue.removeFirst()
                state.waiting[endpoint] = queue.isEmpty ? nil : queue
                // The last waiting one taken up: claim more while the slots are still busy.
                return (next, queue.isEmpty)
            }
            let attempting = state.attempting[endpoint, default: 1] - 1
            state.attempting[endpoint] = attempting > 0 ? attempting : nil
            state.attemptingTotal -= 1
            return (nil, true)
        }
        if claimAgain { changed.signal() }
        return next
    }

    /// New deliveries were committed: the waiting loop looks at the outbox now.
    func announce() { changed.signal() }

    /// Returns when the loop should claim again (or was told so since the last call), or
    /// when `timeout` passes.
    /// Only the dispatcher's loop calls it, one call at a time.
    func waitForChange(upTo timeout: Duration) async {
        await changed.wait(upTo: timeout)
    }
}
