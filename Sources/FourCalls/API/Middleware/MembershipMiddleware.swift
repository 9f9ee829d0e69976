import Hummingbird

/// Under `/organizations/{orgId}`: loads the organization together with the caller's
/// membership. An organization the caller does not belong to is a 404, never its data.
struct MembershipMiddleware: RouterMiddleware {
    typealias Context = AuthenticatedContext
    let organizations: OrganizationService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let notFound = "Organization not found."
        let organizationID = try APIBody.id("orgId", in: context, notFound: notFound)
        guard let membership = try await organizations.membership(organizationID: organizationID, userID: context.principal.userID)
        else { throw APIError.notFound(notFound) }
        var context = context
        context.membership = membership
        return try await next(request, context)
    }
}
