import Foundation
import Hummingbird

/// Resolves an agent's access token, or its API key (`fc_ak_...`, CONTRACT section 10), on
/// the internal API. User tokens are neither, so they leave the request anonymous there (401).
struct AgentAuthenticator: RouterMiddleware {
    typealias Context = AppRequestContext
    let agents: AgentService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = BearerToken.parse(request.headers) {
            context.agent = try await agents.principal(bearer: token)
        }
        return try await next(request, context)
    }
}

/// Loads the agent's own organization, for the routes without a `{business_id}` (MCP, tools).
struct OwnBusinessMiddleware: RouterMiddleware {
    typealias Context = AgentContext
    let organizations: OrganizationService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let organization = try await organizations.find(context.agent.organizationID) else {
            throw APIError.forbidden("This agent may not act for this business.")
        }
        var context = context
        context.organization = organization
        return try await next(request, context)
    }
}

/// Loads the business (organization) named by `{business_id}`; an agent may act only for
/// its own organization (403 otherwise, whether or not the other one exists).
struct BusinessMiddleware: RouterMiddleware {
    typealias Context = AgentContext
    let organizations: OrganizationService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let text = context.parameters.get("business_id"), let id = UUID(text: text), id == context.agent.organizationID else {
            throw APIError.forbidden("This agent may not act for this business.")
        }
        let organization = try await organizations.find(id)
        guard let organization else { throw APIError.forbidden("This agent may not act for this business.") }
        var context = context
        context.organization = organization
        return try await next(request, context)
    }
}
