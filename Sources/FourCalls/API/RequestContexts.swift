import Foundation
import Hummingbird

/// What every context of the API shares: bodies over 1 MiB are refused with 413 (CONTRACT
/// section 2), JSON is decoded into the contract's errors and encoded the app's way.
/// (A child context does not inherit these from its parent, so each context conforms.)
public protocol APIRequestContext: RequestContext where Decoder == APIRequestDecoder, Encoder == JSONEncoder {}

extension APIRequestContext {
    public var maxUploadSize: Int { APIBody.maxBytes }
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }
    public var responseEncoder: JSONEncoder { JSONCoding.encoder }
}

/// Every request starts in this context. The authenticator fills `identity` when a valid
/// user token is sent; nothing else is trusted from the request.
public struct AppRequestContext: RequestContext, APIRequestContext {
    public var coreContext: CoreRequestContextStorage
    var identity: Principal?
    /// Set by `AgentAuthenticator` on the internal AI agent API.
    var agent: AgentPrincipal?
    /// The peer's IP address (rate limits of login and register count per address).
    let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        agent = nil
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

}

/// Routes that need a signed-in user. Creating it fails with 401 when there is none, so a
/// handler in this context cannot run unauthenticated.
public struct AuthenticatedContext: ChildRequestContext, APIRequestContext {
    public var coreContext: CoreRequestContextStorage
    let principal: Principal
    /// Set by `MembershipMiddleware` under `/organizations/{orgId}`.
    var membership: Membership?

    public init(context: AppRequestContext) throws {
        guard let principal = context.identity else { throw APIError.unauthenticated }
        coreContext = context.coreContext
        self.principal = principal
        membership = nil
    }

}

/// Routes of one organization: the caller is a member, and `membership` says in which role.
/// This is where tenancy is enforced: handlers here get the organization only through it.
public struct OrganizationContext: ChildRequestContext, APIRequestContext {
    public var coreContext: CoreRequestContextStorage
    let principal: Principal
    let membership: Membership

    public init(context: AuthenticatedContext) throws {
        guard let membership = context.membership else { throw APIError.notFound("Organization not found.") }
        coreContext = context.coreContext
        principal = context.principal
        self.membership = membership
    }

    var organization: Organization { membership.organization }

    /// Throws 403 `FORBIDDEN` unless the caller's role allows `action`.
    func require(_ action: OrganizationAction) throws {
        guard membership.role.allows(action) else {
            throw APIError.forbidden("Your role (\(membership.role.rawValue)) does not allow this action.")
        }
    }

}

/// Routes of the internal AI agent API: an agent's access token is required (401).
public struct AgentContext: ChildRequestContext, APIRequestContext {
    public var coreContext: CoreRequestContextStorage
    let agent: AgentPrincipal
    /// Set by `BusinessMiddleware` from the `business_id` of the path.
    var organization: Organization?

    public init(context: AppRequestContext) throws {
        guard let agent = context.agent else { throw APIError.unauthenticated }
        coreContext = context.coreContext
        self.agent = agent
        organization = nil
    }

}

/// Agent routes about one business (organization): the agent's own, or the request was
/// refused with 403.
public struct BusinessContext: ChildRequestContext, APIRequestContext {
    public var coreContext: CoreRequestContextStorage
    let agent: AgentPrincipal
    let organization: Organization

    public init(context: AgentContext) throws {
        guard let organization = context.organization else { throw APIError.forbidden("This agent may not act for this business.") }
        coreContext = context.coreContext
        agent = context.agent
        self.organization = organization
    }

}
