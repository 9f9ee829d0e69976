import Foundation
import Hummingbird

/// Retell's custom functions, `POST /api/internal/ai/retell/functions/{name}` (CONTRACT
/// section 10): Retell posts `{"name", "call", "args"}` and reads the answer as the result.
struct RetellController {
    let catalogue: ToolCatalogue

    func addRoutes(to group: RouterGroup<BusinessContext>) {
        group.post("retell/functions/{name}", use: function)
    }

    @Sendable func function(_ request: Request, context: BusinessContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        guard let tool = catalogue.tool(named: name) else {
            throw APIError.notFound("Unknown tool '\(name)'. Tools: \(catalogue.tools.map(\.name).joined(separator: ", ")).")
        }
        let body = try await APIBody.fields(of: request, context: context).object
        // Retell sends the arguments under `args`; with "payload: args only" they are the body.
        let arguments = body["args"] ?? (body["call"] == nil ? .object(body) : nil)
        return try await tool.call(arguments, scope: ToolScope(organization: context.organization, agent: context.agent)).response()
    }
}
