import Foundation
import Hummingbird

/// `/api/auth/...`: register, login, logout, me, and personal access tokens.
struct AuthController {
    let accounts: AccountService
    let invitations: InvitationService
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
        let account = signedIn.group().add(middleware: WriteAbilityMiddleware())
        account.post("logout-all", use: logoutAll)
        account.put("password", use: changePassword)
        signedIn.get("invitations", use: receivedInvitations)
        account.post("invitations/accept", use: acceptInvitation)

        let tokens = signedIn.group("tokens").add(middleware: WriteAbilityMiddleware())
        tokens.get(use: listTokens)
        tokens.post(use: createToken)
        tokens.delete("{tokenId}", use: revokeToken)
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator {
        var fields = try await APIBody.fields(of: request, context: context)
        let registration = AuthInput.registration(&fields)
        try fields.validate()
        guard let registration else { throw APIError.internalError }
        let (user, token) = try await accounts.register(registration)
        return created(AuthResponse(token: token, user: UserResponse(user)))
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> AuthResponse {
        var fields = try await APIBody.fields(of: request, context: context)
        let email = fields.string("email", required: true)
        // Past 72 bytes no stored password can match (bcrypt would compare the first 72).
        let password = fields.secret("password", required: true, minLength: 1, maxBytes: 72)
        try fields.validate()
        guard let email, let password else { throw APIError.internalError }
        try await limits.countSignIn(email: email)
        let (user, token) = try await accounts.login(email: email, password: password)
        return AuthResponse(token: token, user: UserResponse(user))
    }

    /// Revokes the token the request was made with.
    @Sendable func logout(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await accounts.revoke(tokenID: context.principal.tokenID, userID: context.principal.userID)
        return Response(status: .noContent)
    }

    /// Revokes every token of the caller, the one in use included.
    @Sendable func logoutAll(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await accounts.revokeAll(userID: context.principal.userID)
        return Response(status: .noContent)
    }

    /// `{current_password, password}`: changes the password and revokes every other token.
    @Sendable func changePassword(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        var fields = try await APIBody.fields(of: request, context: context)
        let current = fields.secret("current_password", required: true, minLength: 1, maxBytes: 72)
        let password = AuthInput.newPassword(&fields, "password")
        try fields.validate()
        guard let current, let password else { throw APIError.internalError }
        try await accounts.changePassword(context.principal, current: current, new: password)
        return Response(status: .noContent)
    }

    /// The caller's pending invitations (to the caller's e-mail address).
    @Sendable func receivedInvitations(_ request: Request, context: AuthenticatedContext) async throws -> PageResponse<ReceivedInvitationResponse> {
        let page = try APIBody.page(of: request)
        return PageResponse(try await invitations.received(by: context.principal.user, page: page)) { ReceivedInvitationResponse($0) }
    }

    /// `{token}`: joins the organization; answers it as `GET .../organizations` lists it.
    @Sendable func acceptInvitation(_ request: Request, context: AuthenticatedContext) async throws -> OrganizationResponse {
        var fields = try await APIBody.fields(of: request, context: context)
        let token = fields.secret("token", required: true, minLength: 1)
        try fields.validate()
        guard let token else { throw APIError.internalError }
        let (organization, role) = try await invitations.accept(token: token, by: context.principal.user)
        return OrganizationResponse(organization, role: role)
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
        let wanted = AuthInput.token(&fields, now: clock.now(), parent: context.principal)
        try fields.validate()
        guard let wanted else { throw APIError.internalError }
        let (token, plainText) = try await accounts.createToken(
            userID: context.principal.userID, name: wanted.name, abilities: wanted.abilities, expiresAt: wanted.expiresAt)
        return created(TokenResponse(token, plainText: plainText))
    }

    @Sendable func revokeToken(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let id = try APIBody.id("tokenId", in: context, notFound: "Token not found.")
        try await accounts.revoke(tokenID: id, userID: context.principal.userID)
        return Response(status: .noContent)
    }
}
