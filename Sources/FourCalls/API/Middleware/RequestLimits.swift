import Foundation
import Hummingbird

/// The rate limiter and the idempotency store, and the middleware each kind of route gets
/// from them (CONTRACT section 8).
struct RequestLimits: Sendable {
    let limiter: RateLimiter
    let idempotency: IdempotencyStore

    /// Login, register and agent sign-in: per client address.
    func byAddress() -> RateLimitMiddleware<AppRequestContext> {
        RateLimitMiddleware(limiter: limiter) { _, context in (.auth, context.clientAddress ?? "unknown") }
    }

    /// A sign-in attempt (the API's login, the console's) counted per account too, beside the
    /// per-address limit: guessing from many addresses still meets RATE_LIMIT_AUTH attempts a
    /// minute on one account. Throws the 429 past it.
    func countSignIn(email: String) async throws {
        guard limiter.enabled else { return }
        let decision = try await limiter.check(.auth, key: "account:" + EmailAddress.normalized(email))
        if !decision.allowed { throw limiter.refusal(decision, tier: .auth) }
    }

    /// The REST API: per user token, with bulk operations counted apart.
    func byUserToken() -> RateLimitMiddleware<AuthenticatedContext> {
        RateLimitMiddleware(limiter: limiter) { request, context in
            (RateLimitTier.isBulk(request) ? .bulk : .standard, context.principal.tokenID.api)
        }
    }

    /// The AI agent API: per agent token.
    func byAgentToken() -> RateLimitMiddleware<AgentContext> {
        RateLimitMiddleware(limiter: limiter) { _, context in (.agent, context.agent.tokenID.api) }
    }

    func idempotentForUser() -> IdempotencyMiddleware<AuthenticatedContext> {
        IdempotencyMiddleware(store: idempotency) { "user:" + $0.principal.tokenID.api }
    }

    func idempotentForAgent() -> IdempotencyMiddleware<AgentContext> {
        IdempotencyMiddleware(store: idempotency) { "agent:" + $0.agent.agentID.api }
    }
}
