/// The tool catalogue as each voice platform's tool definitions, ready to paste (CONTRACT
/// section 10): `GET /api/internal/ai/tools?format=...`.
enum ToolManifestFormat: String, CaseIterable, Sendable {
    case openai
    case openaiRealtime = "openai-realtime"
    case vapi
    case retell
    case elevenlabs
}

struct ToolManifests: Sendable {
    /// `https://host[:port]` of this server, no trailing slash.
    let baseURL: String
    /// What platforms send in `Authorization`: the agent's API key when the manifest was
    /// asked for with it, else a placeholder to replace.
    let authorization: String

    static let keyPlaceholder = "Bearer <your 4Calls agent API key (fc_ak_...)>"

    var agentAPI: String { baseURL + "/api/internal/ai" }

    func manifest(_ tools: [AgentTool], format: ToolManifestFormat) -> JSONValue {
        ["tools": .array(tools.map { definition($0, format: format) })]
    }

    func definition(_ tool: AgentTool, format: ToolManifestFormat) -> JSONValue {
        let name = JSONValue.string(tool.name)
        let description = JSONValue.string(tool.description)
        switch format {
        case .openai:
            // Chat Completions: the platform's own code runs the call (plain tool URL below).
            return ["type": "function", "function": ["name": name, "description": description, "parameters": tool.arguments]]
        case .openaiRealtime:
            return ["type": "function", "name": name, "description": description, "parameters": tool.arguments]
        case .vapi:
            // A function tool: Vapi posts its `tool-calls` envelope to the server URL.
            return [
                "type": "function", "async": false,
                "function": ["name": name, "description": description, "parameters": tool.arguments],
                "server": ["url": .string(agentAPI + "/vapi"), "headers": ["Authorization": .string(authorization)]],
            ]
        case .retell:
            // A custom function: Retell posts `{name, call, args}`.
            return [
                "type": "custom", "name": name, "description": description,
                "url": .string(agentAPI + "/retell/functions/" + tool.name), "method": "POST",
                "headers": ["Authorization": .string(authorization)],
                "parameters": tool.arguments, "speak_during_execution": false, "speak_after_execution": true, "timeout_ms": 10_000,
            ]
        case .elevenlabs:
            // A webhook (server) tool: ElevenLabs posts the arguments as the JSON body.
            return [
                "type": "webhook", "name": name, "description": description,
                "api_schema": [
                    "url": .string(agentAPI + "/tools/" + tool.name), "method": "POST",
                    "request_headers": ["Authorization": .string(authorization)],
                    "request_body_schema": Self.elevenLabsSchema(tool.arguments),
                ],
            ]
        }
    }

    /// ElevenLabs' body schemas know types, descriptions, enums and required lists: other
    /// keywords (`format`, bounds) go, and every object lists its properties.
    static func elevenLabsSchema(_ schema: JSONValue) -> JSONValue {
        guard case .object(var object) = schema else { return schema }
        for key in ["format", "minimum", "maximum"] { object[key] = nil }
        if case .string("object")? = object["type"] {
            if case .object(let properties)? = object["properties"] {
                object["properties"] = .object(properties.mapValues(elevenLabsSchema))
            } else {
                object["properties"] = .object([:])
            }
        }
        if let items = object["items"] { object["items"] = elevenLabsSchema(items) }
        if object["description"] == nil { object["description"] = "" }
        return .object(object)
    }
}
