import Foundation

/// One tool of the catalogue AI voice agents call (CONTRACT section 10): its stable name,
/// a description written for an LLM, the JSON Schemas of its arguments and its result, and
/// the handler. MCP, plain tool calls, the platform manifests and the platform envelopes all
/// serve this one list, so a tool is added once.
struct AgentTool: Sendable {
    let name: String
    let description: String
    let arguments: JSONValue
    let result: JSONValue
    /// Reads the arguments (problems into the reader, then `validate()`), runs the domain
    /// operation and returns the result. Failures throw `APIError` (404, 409, 422).
    let run: @Sendable (inout FieldReader, ToolScope) async throws -> ToolResult
}

/// Whom a tool call acts for: the agent and its own organization.
struct ToolScope: Sendable {
    let organization: Organization
    let agent: AgentPrincipal
}

extension AgentTool {
    /// Runs the tool with `arguments` (a JSON object; `null` or absent counts as `{}`).
    func call(_ arguments: JSONValue?, scope: ToolScope) async throws -> ToolResult {
        var fields: FieldReader
        switch arguments {
        case .object(let object): fields = FieldReader(object)
        case nil, .null: fields = FieldReader([:])
        default: throw APIError.validation(field: "arguments", "The arguments must be a JSON object.")
        }
        return try await run(&fields, scope)
    }
}
