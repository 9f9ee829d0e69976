import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import SQLKit
import ServiceLifecycle
import Testing
@testable import FourCalls

/// Stopping the server always ends: a start that failed, or a service that does not stop,
/// never keeps it (or a test run) waiting forever.
@Suite("Stopping the server")
struct ShutdownTests {
    /// Whether `operation` returns within `limit`; one that hangs is left behind, not waited for.
    static func finishes(within limit: Duration, _ operation: @escaping @Sendable () async throws -> Void) async -> Bool {
        let done = NIOLockedValueBox(false)
        let task = Task {
            try? await operation()
            done.withLockedValue { $0 = true }
        }
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline, !done.withLockedValue({ $0 }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        return done.withLockedValue { $0 }
    }

    /// Ignores graceful shutdown and cancellation alike.
    struct Stubborn: Service {
        func run() async {
            await withUnsafeContinuation { (_: UnsafeContinuation<Void, Never>) in }
        }
    }

    struct Failing: Service {
        struct Failure: Error {}
        func run() async throws { throw Failure() }
    }

    static func group(_ services: [any Service]) -> ServiceGroup {
        ServiceGroup(services: services, gracefulShutdownSignals: [], cancellationSignals: [], logger: Logger(label: "test"))
    }

    /// Runs `group`, and stops it gracefully once it has started.
    static func runAndStop(_ group: ServiceGroup) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(100))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func aServiceThatDoesNotStopIsLeftBehindAndTheShutdownGoesOn() async throws {
        let logger = Logger(label: "test")
        let group = Self.group([BoundedStop(service: Stubborn(), limit: .milliseconds(300), logger: logger)])
        // Any bound shows it: unbounded, the wait never ends. The bound is wide because the
        // suite's first seconds, when this runs, keep every task of the process waiting its
        // turn (a CI run once took over 20 s to stop this group).
        let stopped = await Self.finishes(within: .seconds(90)) { try await Self.runAndStop(group) }
        #expect(stopped, "the group waited on a service that does not stop")
        // Unbounded, the same service keeps its group waiting: the bound is what ends it.
        let unbounded = Self.group([Stubborn()])
        let alsoStopped = await Self.finishes(within: .seconds(2)) { try await Self.runAndStop(unbounded) }
        #expect(!alsoStopped)
    }

    @Test func aBoundedServiceEndsWithItsOwnOutcome() async throws {
        let logger = Logger(label: "test")
        await #expect(throws: Failing.Failure.self) {
            try await BoundedStop(service: Failing(), logger: logger).run()
        }
        // One that stops when told does not wait out the bound.
        let started = ContinuousClock.now
        let group = Self.group([BoundedStop(service: MemoryTrimmer(), limit: .seconds(120), logger: logger)])
        try await Self.runAndStop(group)
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    /// Migrations that fail (a `users` table that is not ours is in the way) end the start
    /// with the error; the background services waiting for the schema stop with it.
    @Test(arguments: Engine.enabled)
    func aStartWhoseMigrationsFailEndsWithTheError(on engine: Engine) async throws {
        let database = try await TestDatabase.make(engine)
        let storage = try await openStorage(DatabaseURL(parsing: database.url), logger: Logger(label: "test"))
        let services = Task {
            try await withThrowingDiscardingTaskGroup { group in
                for service in storage.services { group.addTask { try await service.run() } }
            }
        }
        try await storage.transaction { db in try await db.raw("CREATE TABLE users (name TEXT)").run() }
        services.cancel()
        await storage.shutdown()
        let app = try await buildApplication(testConfiguration(databaseURL: database.url))
        let outcome = NIOLockedValueBox<String?>(nil)
        let ended = await Self.finishes(within: .seconds(60)) {
            do {
                try await app.test(.router) { _ in outcome.withLockedValue { $0 = "the test's body ran" } }
            } catch {
                outcome.withLockedValue { $0 = "failed: \(error)" }
            }
        }
        #expect(ended, "the application did not stop after its migrations failed")
        #expect(outcome.withLockedValue { $0 }?.hasPrefix("failed") == true, "\(outcome.withLockedValue { $0 } ?? "no outcome")")
        await database.drop()
    }
}
