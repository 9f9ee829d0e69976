import Foundation
import Hummingbird

/// Resolves `Authorization: Bearer {id}|{secret}` to a user. An absent or invalid token
/// leaves the request anonymous; routes that need a user refuse it with 401 when their
/// `AuthenticatedContext` is created.
struct TokenAuthenticator: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = BearerToken.parse(request.headers) {
            context.identity = try await accounts.authenticate(bearer: token)
        }
        return try await next(request, context)
    }
}

/// Refuses writes (any method but GET and HEAD) to tokens without the `write` ability:
/// a read-only token gets 403.
struct WriteAbilityMiddleware: RouterMiddleware {
    typealias Context = AuthenticatedContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .get, request.method != .head, !context.principal.canWrite {
            throw APIError.forbidden("This token is read-only.")
        }
        return try await next(request, context)
    }
}
