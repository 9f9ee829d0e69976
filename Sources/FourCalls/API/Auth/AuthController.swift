import Foundation
import Hummingbird

/// `/api/auth/...`: register, login, logout, me, and personal access tokens.
struct AuthController {
    let accounts: AccountService
    let clock: any AppClock
    let limits: RequestLimits

    func addRoutes(to auth: RouterGroup<AppRequestContext>) {
        let guarded = auth.group().add(middleware: limits.byAddress())
        guarded.post("register", use: register)
        guarded.post("login", use: login)

        let signedIn = auth.group(context: AuthenticatedContext.self)
            .add(middleware: limits.byUserToken())
            .add(middleware: limits.idempotentForUser())
        signedIn.post("logout", use: logout)
        signedIn.get("me", use: me)

        let tokens = signedIn.group("tokens").add(middleware: WriteAbilityMiddleware())
        tokens.get(use: listTokens)
        tokens.post(use: createToken)
        tokens.delete("{tokenId}", use: revokeToken)
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator {
        var fields = try await APIBody.fields(of: request, context: context)
        let name = fields.string("name", required: true)
        let email = fields.email("email", required: true)
        let password = fields.secret("password", required: true, minLength: 8, maxLength: 72)
        try fields.validate()
        guard let name, let email, let password else { throw APIError.internalError }
        let (user, token) = try await accounts.register(.init(name: name, email: email, password: password))
        return created(AuthResponse(token: token, user: UserResponse(user)))
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> AuthResponse {
        var fields = try await APIBody.fields(of: request, context: context)
        let email = fields.string("email", required: true)
        let password = fields.secret("password", required: true, minLength: 1)
        try fields.validate()
        guard let email, let password else { throw APIError.internalError }
        let (user, token) = try await accounts.login(email: email, password: password)
        return AuthResponse(token: token, user: UserResponse(user))
    }

    /// Revokes the token the request was made with.
    @Sendable func logout(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await accounts.revoke(tokenID: context.principal.tokenID, userID: context.principal.userID)
        return Response(status: .noContent)
    }

    @Sendable func me(_ request: Request, context: AuthenticatedContext) async throws -> UserResponse {
        UserResponse(context.principal.user)
    }

    @Sendable func listTokens(_ request: Request, context: AuthenticatedContext) async throws -> PageResponse<TokenResponse> {
        let page = try APIBody.page(of: request)
        let tokens = try await accounts.tokens(userID: context.principal.userID, page: page)
        return PageResponse(tokens) { TokenResponse($0) }
    }

    @Sendable func createToken(_ request: Request, context: AuthenticatedContext) async throws -> some ResponseGenerator {
        var fields = try await APIBody.fields(of: request, context: context)
        let name = fields.string("name", required: true)
        let abilities = fields.stringArray("abilities") ?? [TokenAbility.all.rawValue]
        for (index, ability) in abilities.enumerated() where TokenAbility(rawValue: ability) == nil {
            fields.fail("abilities.\(index)", "Unknown ability '\(ability)': use *, read or write.")
        }
        if fields.isPresent("abilities"), abilities.isEmpty {
            fields.fail("abilities", "The abilities field must list at least one ability.")
        }
        let expiresAt = fields.date("expires_at")
        if let expiresAt, expiresAt <= clock.now() {
            fields.fail("expires_at", "The expires at field must be a time in the future.")
        }
        try fields.validate()
        guard let name else { throw APIError.internalError }
        let (token, plainText) = try await accounts.createToken(
            userID: context.principal.userID, name: name, abilities: abilities, expiresAt: expiresAt)
        return created(TokenResponse(token, plainText: plainText))
    }

    @Sendable func revokeToken(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try APIBody.id("tokenId", in: context, notFound: "Token not found.")
        try await accounts.revoke(tokenID: id, userID: context.principal.userID)
        return Response(status: .noContent)
    }
}
