import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
@testable import FourCalls

/// A real HTTP server on loopback that records the webhooks it receives and answers with
/// the statuses it is told to (200 once the script runs out).
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        /// Header names in lowercase.
        let headers: [String: String]
        let body: String
        var json: JSONValue { JSONValue.parse(body) }
    }

    private let state = NIOLockedValueBox<(received: [Received], script: [Int])>(([], []))
    /// How long it takes to answer (a slow endpoint).
    private let delay: Duration
    /// Requests being answered now, and the most there were at once.
    private let concurrency = NIOLockedValueBox<(now: Int, most: Int)>((0, 0))

    var mostAtOnce: Int { concurrency.withLockedValue { $0.most } }

    init(answers: [Int] = [], delay: Duration = .zero) {
        self.delay = delay
        state.withLockedValue { $0.script = answers }
    }

    var received: [Received] { state.withLockedValue { $0.received } }

    /// Runs the receiver for the duration of `body`, which gets its URL.
    func run<T: Sendable>(host: String = "127.0.0.1", port: Int = 0, _ body: @escaping @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            self.concurrency.withLockedValue { $0 = ($0.now + 1, max($0.most, $0.now + 1)) }
            defer { self.concurrency.withLockedValue { $0.now -= 1 } }
            let buffer = try await request.body.collect(upTo: 1 << 20)
            if self.delay > .zero { try await Task.sleep(for: self.delay) }
            // `Host` arrives as the request's authority.
            var headers: [String: String] = ["host": request.head.authority ?? ""]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let status = self.state.withLockedValue { state -> Int in
                state.received.append(Received(headers: headers, body: String(buffer: buffer)))
                return state.script.isEmpty ? 200 : state.script.removeFirst()
            }
            return Response(status: .init(code: status))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: .init(label: "receiver"))
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                // A server that cannot start (its port taken) ends the wait for its port.
                defer { continuation.finish() }
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                while try await group.next() != nil {}  // throws why the server stopped
                throw CancellationError()
            }
            let result = try await body("http://\(host):\(port)/hook")
            group.cancelAll()
            return result
        }
    }

    /// Waits (polling, up to `seconds`) until at least `count` webhooks arrived.
    func waitFor(_ count: Int, seconds: Double = 15) async throws -> [Received] {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let received = self.received
            if received.count >= count { return received }
            try await Task.sleep(for: .milliseconds(50))
        }
        return received
    }
}
