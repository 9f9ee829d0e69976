import Foundation
import HTTPTypes
import Hummingbird

/// The doors to the tool catalogue (CONTRACT section 10): MCP, plain tool calls, the
/// platforms' manifests, and the call-start packet. All act for the agent's own organization.
struct ToolsController {
    let catalogue: ToolCatalogue
    let operations: AgentOperations
    /// `APP_URL`: the base of the manifests' URLs (else the request's host).
    let appURL: String?

    /// `own`: routes without a `business_id` (the agent's organization); `business`: routes
    /// with one (403 for another organization's).
    func addRoutes(own: RouterGroup<BusinessContext>, business: RouterGroup<BusinessContext>) {
        let mcp = MCPEndpoint(catalogue: catalogue)
        own.post("mcp") { request, context in try await mcp.respond(request, context: context) }
        own.get("tools", use: manifest)
        own.post("tools/{name}", use: call)
        business.get("call-context/{business_id}", use: callContext)
    }

    @Sendable func manifest(_ request: Request, context: BusinessContext) async throws -> Response {
        guard let text = request.formQuery["format"] else {
            throw APIError.validation(field: "format", "The format field is required: one of \(Self.formats).")
        }
        guard let format = ToolManifestFormat(rawValue: text) else {
            throw APIError.validation(field: "format", "The format must be one of \(Self.formats).")
        }
        // The key the request came with is the one to paste; a token expires within the hour.
        let bearer = BearerToken.parse(request.headers)
        let authorization = bearer.map { $0.hasPrefix(AgentService.keyPrefix) } == true ? "Bearer " + (bearer ?? "") : ToolManifests.keyPlaceholder
        let manifests = ToolManifests(baseURL: appURL ?? Self.baseURL(of: request), authorization: authorization)
        return try Self.json(manifests.manifest(catalogue.tools, format: format))
    }

    static let formats = ToolManifestFormat.allCases.map(\.rawValue).joined(separator: ", ")

    /// `http(s)://host` as the client reached this server.
    static func baseURL(of request: Request) -> String {
        let scheme = request.headers[.xForwardedProto].map { $0.lowercased() == "https" ? "https" : "http" } ?? "http"
        return scheme + "://" + (request.head.authority ?? "localhost")
    }

    @Sendable func call(_ request: Request, context: BusinessContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        guard let tool = catalogue.tool(named: name) else {
            throw APIError.notFound("Unknown tool '\(name)'. Tools: \(catalogue.tools.map(\.name).joined(separator: ", ")).")
        }
        let arguments = try await Self.arguments(of: request, context: context)
        return try await tool.call(arguments, scope: ToolScope(organization: context.organization, agent: context.agent)).response()
    }

    /// The JSON body; an empty body counts as no arguments.
    static func arguments(of request: Request, context: BusinessContext) async throws -> JSONValue? {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        guard body.readableBytes > 0 else { return nil }
        do {
            return try JSONCoding.decoder.decode(JSONValue.self, from: Data(buffer: body))
        } catch {
            throw APIError.badRequest("The request body must be a JSON object of the tool's arguments.")
        }
    }

    @Sendable func callContext(_ request: Request, context: BusinessContext) async throws -> Response {
        let phone = request.formQuery.phone("phone")
        if let phone, let problem = TextLimits.lineProblem(phone, maxLength: 40) {
            throw APIError.validation(field: "phone", "The phone \(problem).")
        }
        let json = try await operations.callContext(for: context.organization, phone: phone).json
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(data: json)))
    }

    static func json(_ value: some Encodable) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(data: try JSONCoding.encoder.encode(value))))
    }
}

extension HTTPField.Name {
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
