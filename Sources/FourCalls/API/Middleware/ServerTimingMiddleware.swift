import HTTPTypes
import Hummingbird

/// `Server-Timing: db;dur=…, total;dur=…` on every response of the agent API (CONTRACT
/// section 10): how long the request spent in the database and in all, in milliseconds, so
/// a voice platform can see where a caller's wait goes. Errors carry it too.
struct ServerTimingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let timing = RequestTiming()
        let start = ContinuousClock.now
        do {
            var response = try await RequestTiming.$current.withValue(timing) { try await next(request, context) }
            response.headers[.serverTiming] = Self.header(timing, since: start)
            return response
        } catch var error as APIError {
            error.headers[.serverTiming] = Self.header(timing, since: start)
            throw error
        }
    }

    static func header(_ timing: RequestTiming, since start: ContinuousClock.Instant) -> String {
        let total = (ContinuousClock.now - start).milliseconds
        let database = timing.databaseTime.milliseconds
        return "db;dur=\(format(database)), total;dur=\(format(total))"
    }

    private static func format(_ milliseconds: Double) -> String {
        let hundredths = Int((milliseconds * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension HTTPField.Name {
    static let serverTiming = Self("Server-Timing")!
}
