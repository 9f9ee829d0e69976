import Foundation
@testable import FourCalls

/// A program run to its end without holding a thread of the test's executor, which has one
/// thread per core (two in CI). `Process.waitUntilExit` blocks one: in a CI run, while a
/// `VACUUM` waited out its 60 s busy timeout that way, 15 tests of other suites timed out.
enum ChildProcess {
    struct Outcome: Sendable {
        let status: Int32
        let output: String
        let errors: String
        /// From the start to the exit, in seconds.
        let seconds: Double
    }

    /// Runs `executable` with `arguments`; its standard output and error are read as they come.
    static func run(_ executable: String, _ arguments: [String]) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let (exits, exited) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .unbounded)
        process.terminationHandler = { finished in
            exited.yield(finished.terminationStatus)
            exited.finish()
        }
        let start = ContinuousClock.now
        try process.run()
        // Both pipes read at once, off the executor: a child that fills one waits for it.
        async let outputText = readToEnd(output)
        async let errorText = readToEnd(errors)
        var status: Int32 = -1
        for await code in exits { status = code }
        let seconds = (ContinuousClock.now - start).milliseconds / 1000
        return Outcome(status: status, output: await outputText, errors: await errorText, seconds: seconds)
    }

    private static func readToEnd(_ pipe: Pipe) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            }
        }
    }
}
