import Foundation
import Hummingbird

/// What a tool returns: its result's JSON, encoded once with the app's encoder. Each door
/// writes it as it is: the body of a plain tool call or a Retell function, an MCP result's
/// text block and structured content, Vapi's `result` string.
struct ToolResult: Sendable {
    let json: Data

    init(json: Data) {
        self.json = json
    }

    init(_ value: some Encodable) throws {
        json = try JSONCoding.encoder.encode(value)
    }

    /// The JSON as text (MCP's text block, Vapi's `result`).
    var text: String { String(decoding: json, as: UTF8.self) }

    /// The JSON as a value, for the few doors that embed it in values of their own.
    var value: JSONValue { (try? JSONCoding.decoder.decode(JSONValue.self, from: json)) ?? .null }

    /// 200 with the JSON as the body.
    func response() -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(data: json)))
    }
}
