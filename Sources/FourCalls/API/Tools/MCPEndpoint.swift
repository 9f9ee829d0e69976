import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MCP

/// `POST /api/internal/ai/mcp`: the tool catalogue as an MCP server over the streamable HTTP
/// transport, stateless (CONTRACT section 10). Built on the official swift-sdk: each HTTP
/// request gets its own `Server` and `StatelessHTTPServerTransport` (sharing them mixes up
/// concurrent clients that reuse JSON-RPC ids; stack notes §9). The agent was authenticated
/// before this runs, so tools act for its organization only. A `tools/call` of a known tool,
/// the message of every turn, is answered without the SDK's server (`MCPToolCall`), after
/// the same header checks.
struct MCPEndpoint: Sendable {
    let catalogue: ToolCatalogue
    /// The catalogue as MCP tools (names, descriptions, argument and result schemas), made once.
    let tools: [MCP.Tool]

    init(catalogue: ToolCatalogue) {
        self.catalogue = catalogue
        tools = catalogue.tools.map {
            MCP.Tool(name: $0.name, description: $0.description, inputSchema: Self.value($0.arguments), outputSchema: Self.value($0.result))
        }
    }

    static let instructions = """
        4Calls tools for AI voice agents. Call get_call_context when a call starts (pass the caller's phone). Read times to callers \
        from the `spoken` fields. Check availability before booking; when a booking is refused, offer its `alternatives`.
        """

    func respond(_ request: Hummingbird.Request, context: BusinessContext) async throws -> Hummingbird.Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        // Clients that accept anything (or say nothing) get JSON: the transport wants it named.
        if (headers["accept"] ?? "*/*").split(separator: ",").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).hasPrefix("*/*") }) {
            headers["accept"] = "application/json"
        }
        let scope = ToolScope(organization: context.organization, agent: context.agent)
        if let call = MCPToolCall.parse(body), let tool = catalogue.tool(named: call.name) {
            let headersOnly = MCP.HTTPRequest(method: "POST", headers: headers, path: request.uri.path)
            if let refused = Self.validation.validate(headersOnly, context: Self.callValidation) {
                return Self.response(refused)
            }
            let (outcome, failed) = await Self.run(tool, arguments: call.arguments, scope: scope, logger: context.logger)
            return call.answer(outcome, failed: failed).response()
        }
        let transport = StatelessHTTPServerTransport(validationPipeline: Self.validation)
        let server = MCP.Server(
            name: "4calls", version: "1", title: "4Calls", instructions: Self.instructions,
            capabilities: .init(tools: .init(listChanged: false)))
        let tools = self.tools
        let (catalogue, logger) = (self.catalogue, context.logger)
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: tools) }
        await server.withMethodHandler(CallTool.self) { parameters in
            guard let tool = catalogue.tool(named: parameters.name) else {
                throw MCPError.invalidParams("Unknown tool '\(parameters.name)'. Tools: \(catalogue.tools.map(\.name).joined(separator: ", ")).")
            }
            return await Self.call(tool, arguments: parameters.arguments, scope: scope, logger: logger)
        }
        try await server.start(transport: transport)
        let answer = await transport.handleRequest(
            MCP.HTTPRequest(method: "POST", headers: headers, body: Data(buffer: body), path: request.uri.path))
        await server.stop()
        return Self.response(answer)
    }

    /// The transport's checks of the headers (Accept, Content-Type, MCP-Protocol-Version).
    /// Origin is not checked: callers are servers holding an agent credential, checked already.
    static let validation = StandardValidationPipeline(validators: [
        AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator(),
    ])

    /// What the transport tells its checks about a request that is not `initialize`.
    static let callValidation = HTTPValidationContext(
        httpMethod: "POST", sessionID: nil, isInitializationRequest: false, supportedProtocolVersions: Version.supported)

    static func response(_ answer: MCP.HTTPResponse) -> Hummingbird.Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        return Hummingbird.Response(
            status: .init(code: answer.statusCode), headers: fields,
            body: answer.bodyData.map { .init(byteBuffer: ByteBuffer(data: $0)) } ?? .init())
    }

    /// Runs a tool through the SDK's handler: its result as a `CallTool.Result`.
    static func call(_ tool: AgentTool, arguments: [String: MCP.Value]?, scope: ToolScope, logger: Logger) async -> CallTool.Result {
        let (outcome, failed) = await run(tool, arguments: arguments.map { .object($0.mapValues(json)) }, scope: scope, logger: logger)
        return CallTool.Result(
            content: [.text(text: outcome.text, annotations: nil, _meta: nil)], structuredContent: Optional.some(value(outcome.value)),
            isError: failed ? true : nil)
    }

    /// Runs a tool: its result, or the error body as a failed outcome the LLM can read.
    static func run(_ tool: AgentTool, arguments: JSONValue?, scope: ToolScope, logger: Logger) async -> (outcome: ToolResult, failed: Bool) {
        do {
            return (try await tool.call(arguments, scope: scope), false)
        } catch let error as APIError {
            return ((try? ToolResult(ErrorBody(error))) ?? Self.internalError, true)
        } catch {
            logger.error("tool failed", metadata: ["tool": "\(tool.name)", "error": "\(String(reflecting: error))"])
            return ((try? ToolResult(ErrorBody(APIError.internalError))) ?? Self.internalError, true)
        }
    }

    private static let internalError = ToolResult(json: Data(#"{"code":"INTERNAL_ERROR"}"#.utf8))

    static func value(_ json: JSONValue) -> MCP.Value {
        switch json {
        case .null: .null
        case .bool(let bool): .bool(bool)
        case .int(let int): .int(Int(int))
        case .double(let double): .double(double)
        case .string(let string): .string(string)
        case .array(let items): .array(items.map(value))
        case .object(let object): .object(object.mapValues(value))
        }
    }

    static func json(_ value: MCP.Value) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let bool): .bool(bool)
        case .int(let int): .int(Int64(int))
        case .double(let double): .double(double)
        case .string(let string): .string(string)
        // The SDK reads a string that looks like a data URL as data: give the text back.
        case .data(let mimeType, let data): .string("data:\(mimeType ?? "");base64,\(data.base64EncodedString())")
        case .array(let items): .array(items.map(json))
        case .object(let object): .object(object.mapValues(json))
        }
    }
}
