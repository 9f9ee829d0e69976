import Foundation
import MCP
import Hummingbird

/// A JSON-RPC `tools/call` request: the message agents send on every turn of a call. The
/// endpoint answers it itself, from one decoding of the body: the SDK's `Server` decodes a
/// message up to four times, converts the result through its `Value` (a regular expression
/// run on every string) and encodes it twice, which cost a tool call on MCP more than half
/// of what the tool did (a third of the rate of the same tool through Vapi's envelope).
/// Every other message, and a call that names no known tool, still goes to the SDK.
struct MCPToolCall: Decodable {
    let id: MCP.ID
    let name: String
    let arguments: JSONValue?

    private enum Keys: String, CodingKey { case jsonrpc, id, method, params }
    private enum ParameterKeys: String, CodingKey { case name, arguments }

    init(from decoder: any Decoder) throws {
        let message = try decoder.container(keyedBy: Keys.self)
        guard try message.decode(String.self, forKey: .jsonrpc) == "2.0", try message.decode(String.self, forKey: .method) == CallTool.name else {
            throw DecodingError.dataCorruptedError(forKey: .method, in: message, debugDescription: "Not a tools/call request.")
        }
        id = try message.decode(MCP.ID.self, forKey: .id)
        let parameters = try message.nestedContainer(keyedBy: ParameterKeys.self, forKey: .params)
        name = try parameters.decode(String.self, forKey: .name)
        switch try parameters.decodeIfPresent(JSONValue.self, forKey: .arguments) {
        case nil, .null?: arguments = nil
        case let object?:
            // The SDK takes an object or nothing; anything else is its error to give.
            guard case .object = object else {
                throw DecodingError.dataCorruptedError(forKey: .arguments, in: parameters, debugDescription: "Arguments must be an object.")
            }
            arguments = object
        }
    }

    /// The body as a tools/call request, or nil for any other message.
    static func parse(_ body: ByteBuffer) -> MCPToolCall? {
        try? JSONCoding.decoder.decode(MCPToolCall.self, from: Data(buffer: body))
    }

    /// The JSON-RPC response the SDK writes for a `CallTool.Result` of one text block and
    /// structured content: the outcome as text and as JSON, `isError` only when true.
    func answer(_ outcome: ToolResult, failed: Bool) -> JSONWriter {
        let text = outcome.text
        var json = JSONWriter(capacity: 2 * outcome.json.count + 128)
        json.raw("{\"id\":")
        switch id {
        case .string(let string): json.write(string)
        case .number(let number): json.write(number)
        }
        json.raw(",\"jsonrpc\":\"2.0\",\"result\":{\"content\":[{\"text\":")
        json.write(text)
        json.raw(",\"type\":\"text\"}]")
        if failed { json.raw(",\"isError\":true") }
        json.raw(",\"structuredContent\":")
        json.rawJSON(outcome.json)
        json.raw("}}")
        return json
    }
}
