import Foundation
import Hummingbird

/// Every request starts in this context. The authenticator fills `identity` when a valid
/// user token is sent; nothing else is trusted from the request.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var identity: Principal?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
    }

    /// Bodies over 1 MiB are refused with 413 (CONTRACT section 2).
    public var maxUploadSize: Int { APIBody.maxBytes }
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }
    public var responseEncoder: JSONEncoder { JSONCoding.encoder }
}

/// Routes that need a signed-in user. Creating it fails with 401 when there is none, so a
/// handler in this context cannot run unauthenticated.
public struct AuthenticatedContext: ChildRequestContext {
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

    public var maxUploadSize: Int { APIBody.maxBytes }
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }
    public var responseEncoder: JSONEncoder { JSONCoding.encoder }
}

/// Routes of one organization: the caller is a member, and `membership` says in which role.
/// This is where tenancy is enforced: handlers here get the organization only through it.
public struct OrganizationContext: ChildRequestContext {
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

    public var maxUploadSize: Int { APIBody.maxBytes }
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }
    public var responseEncoder: JSONEncoder { JSONCoding.encoder }
}
