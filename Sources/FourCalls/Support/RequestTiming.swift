import NIOConcurrencyHelpers

/// The time one request spends in the database, summed by `MeasuredStorage` for the
/// `Server-Timing` header (`ServerTimingMiddleware`). Bound to the request's task.
final class RequestTiming: Sendable {
    @TaskLocal static var current: RequestTiming?

    private let database = NIOLockedValueBox(Duration.zero)

    func addDatabase(_ elapsed: Duration) { database.withLockedValue { $0 += elapsed } }

    var databaseTime: Duration { database.withLockedValue { $0 } }
}

extension Duration {
    /// Milliseconds with a fraction, as `Server-Timing` writes durations.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
