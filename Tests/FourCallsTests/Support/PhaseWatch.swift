import Foundation
import NIOConcurrencyHelpers
import Testing

/// Says on standard error which test application has been in one phase (starting, the
/// test's body, stopping) for longer than `limit`, again every `limit`: a test that hangs
/// otherwise shows as nothing at all, and standard output, written to a file or a pipe,
/// is buffered and loses its last lines when CI kills the run.
final class PhaseWatch: Sendable {
    private let state: NIOLockedValueBox<(phase: String, since: ContinuousClock.Instant)>
    private let name: String
    private let limit: Duration

    private init(name: String, limit: Duration) {
        self.name = name
        self.limit = limit
        state = NIOLockedValueBox(("starting", .now))
    }

    func enter(_ phase: String) {
        state.withLockedValue { $0 = (phase, .now) }
    }

    /// Runs `body` with a watch named after the current test and `detail` (its engine).
    static func watching<T>(_ detail: String, limit: Duration = .seconds(120), _ body: (PhaseWatch) async throws -> T) async rethrows -> T {
        let watch = PhaseWatch(name: "\(Test.current?.name ?? "a test") on \(detail)", limit: limit)
        let watcher = Task { await watch.report() }
        defer { watcher.cancel() }
        return try await body(watch)
    }

    private func report() async {
        while (try? await Task.sleep(for: limit)) != nil {
            let (phase, since) = state.withLockedValue { $0 }
            let elapsed = ContinuousClock.now - since
            guard elapsed >= limit else { continue }
            let seconds = Int(elapsed.components.seconds)
            FileHandle.standardError.write(Data("PhaseWatch: \(name) is still \(phase) after \(seconds) s\n".utf8))
        }
    }
}
