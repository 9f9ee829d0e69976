import Foundation
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let rateLimitLimit = HTTPField.Name("X-RateLimit-Limit")!
    static let rateLimitRemaining = HTTPField.Name("X-RateLimit-Remaining")!
    static let rateLimitReset = HTTPField.Name("X-RateLimit-Reset")!
}

/// Counts the request against its tier and key, refuses it with 429 `RATE_LIMITED` and
/// `Retry-After` past the limit, and puts the `X-RateLimit-*` headers on every response it
/// covers, error responses included.
struct RateLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limiter: RateLimiter
    /// The tier and key of a request; nil leaves it unlimited.
    let classify: @Sendable (Request, Context) -> (RateLimitTier, String)?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard limiter.enabled, let (tier, key) = classify(request, context) else { return try await next(request, context) }
        let decision = try await limiter.check(tier, key: key)
        var headers = HTTPFields()
        headers[.rateLimitLimit] = String(decision.limit)
        headers[.rateLimitRemaining] = String(decision.remaining)
        headers[.rateLimitReset] = String(decision.reset)
        guard decision.allowed else { throw limiter.refusal(decision, tier: tier, headers: headers) }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = ErrorMiddleware<Context>.response(for: ErrorMiddleware<Context>.apiError(for: error, context: context))
        }
        for field in headers { response.headers[field.name] = field.value }
        return response
    }
}

extension RateLimitTier {
    /// The bulk operations of CONTRACT section 8.
    static func isBulk(_ request: Request) -> Bool {
        guard request.method == .post, let last = request.uri.path.split(separator: "/").last else { return false }
        return ["bulk-tag", "bulk-untag", "bulk-delete", "import"].contains(last)
    }
}
