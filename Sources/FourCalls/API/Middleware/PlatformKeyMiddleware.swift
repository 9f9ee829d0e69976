import HTTPTypes
import Hummingbird

/// On the voice platforms' endpoints (`/vapi`, `/retell/...`, `/elevenlabs/...`), the agent's
/// API key may also come as `X-Vapi-Secret` (Vapi's server secret) or as `?key=fc_ak_...`,
/// for platforms that cannot send headers (CONTRACT section 10). Query strings are never
/// logged. Runs after `AgentAuthenticator`: a bearer credential wins.
struct PlatformKeyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let agents: AgentService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if context.agent == nil, let key = request.headers[.xVapiSecret] ?? request.formQuery["key"], key.hasPrefix(AgentService.keyPrefix) {
            context.agent = try await agents.principal(apiKey: key)
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xVapiSecret = Self("X-Vapi-Secret")!
}
