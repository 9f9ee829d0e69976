import Foundation
import Hummingbird

/// Vapi's server URL, `POST /api/internal/ai/vapi` (CONTRACT section 10): Vapi posts
/// `{"message": {"type": ...}}` envelopes. `tool-calls` run the catalogue's tools and answer
/// `{"results": [...]}`, one per call, in order; `end-of-call-report` goes to the call intake;
/// `assistant-request` answers which assistant takes the call; every other type is
/// acknowledged with `{}`.
struct VapiController {
    let catalogue: ToolCatalogue
    let operations: AgentOperations
    let agents: AgentService

    func addRoutes(to group: RouterGroup<BusinessContext>) {
        group.post("vapi", use: message)
    }

    @Sendable func message(_ request: Request, context: BusinessContext) async throws -> Response {
        let envelope = try await APIBody.fields(of: request, context: context).object
        guard case .object(let message)? = envelope["message"] else {
            throw APIError.validation(field: "message", "The message field is required: Vapi's envelope is {\"message\": {\"type\": ...}}.")
        }
        guard case .string(let type)? = message["type"] else {
            throw APIError.validation(field: "message.type", "The message type field is required.")
        }
        let scope = ToolScope(organization: context.organization, agent: context.agent)
        switch type {
        case "tool-calls":
            guard case .array(let calls)? = message["toolCallList"] ?? message["toolCalls"] else {
                throw APIError.validation(field: "message.toolCallList", "The tool call list is required for tool-calls.")
            }
            var json = JSONWriter(capacity: 1024)
            json.raw("{\"results\":[")
            for (index, call) in calls.enumerated() {
                if index > 0 { json.raw(",") }
                try await run(call, index: index, scope: scope).write(to: &json)
            }
            json.raw("]}")
            return json.response()
        case "assistant-request":
            // The agent's assistant takes the call, told who is calling (the call-start packet).
            let settings = try await agents.platformSettings(of: context.agent.agentID, in: context.organization.id)
            guard let assistant = settings.vapiAssistantID else {
                return try ToolsController.json(["error": "No Vapi assistant is set for this agent (vapi_assistant_id)."] as JSONValue)
            }
            let phone = Self.string(message["customer"]?["number"]) ?? Self.string(message["call"]?["customer"]?["number"])
            let packet = try await operations.callContext(for: context.organization, phone: phone).json
            let variables = try JSONCoding.decoder.decode(JSONValue.self, from: packet)
            return try ToolsController.json(["assistantId": .string(assistant), "assistantOverrides": ["variableValues": variables]] as JSONValue)
        case "end-of-call-report":
            let report = try Self.report(message)
            _ = try await operations.intake(report, in: context.organization, agentID: context.agent.agentID)
            return try ToolsController.json([:] as JSONValue)
        default:
            return try ToolsController.json([:] as JSONValue)
        }
    }

    /// Vapi's end-of-call report as the intake's report: the call (`message.call`: id, type,
    /// metadata), the customer's number, `endedReason`, the times, and the artifact
    /// (transcript, recording) and analysis (summary), where newer and older payloads keep them.
    static func report(_ message: [String: JSONValue]) throws -> PlatformCallReport {
        let call = message["call"]
        guard let id = string(call?["id"]) else {
            throw APIError.validation(field: "message.call.id", "An end-of-call report needs the call's id (message.call.id).")
        }
        var report = PlatformCallReport(platform: "vapi", callID: id)
        report.direction = string(call?["type"]) == "outboundPhoneCall" ? .outbound : .inbound
        report.phone = string(message["customer"]?["number"]) ?? string(call?["customer"]?["number"])
        report.endReason = string(message["endedReason"]) ?? string(call?["endedReason"])
        let started = (string(message["startedAt"]) ?? string(call?["startedAt"])).flatMap(Timestamps.parse)
        let ended = (string(message["endedAt"]) ?? string(call?["endedAt"])).flatMap(Timestamps.parse)
        report.startedAt = started
        if case .int(let seconds)? = message["durationSeconds"] {
            report.durationSeconds = Int(seconds)
        } else if case .double(let seconds)? = message["durationSeconds"] {
            report.durationSeconds = Int(seconds.rounded())
        } else if let started, let ended {
            report.durationSeconds = Int(ended.timeIntervalSince(started).rounded())
        }
        let artifact = message["artifact"]
        report.transcript = string(artifact?["transcript"]) ?? string(message["transcript"])
        report.summary = string(message["analysis"]?["summary"]) ?? string(message["summary"])
        report.outcome = string(message["analysis"]?["structuredData"]?["outcome"]) ?? string(call?["metadata"]?["outcome"])
        report.recordingURL = string(artifact?["recordingUrl"]) ?? string(artifact?["recording"]?["mono"]?["combinedUrl"])
            ?? string(message["recordingUrl"])
        report.campaignCallID = (string(call?["metadata"]?["campaign_call_id"]) ?? string(message["metadata"]?["campaign_call_id"]))
            .flatMap { UUID(text: $0) }
        return report
    }

    /// One entry of `toolCallList`: `{id, type, function: {name, arguments}}`, `{id, name,
    /// arguments}` or `{id, name, parameters}`; arguments an object or a JSON string.
    func run(_ call: JSONValue, index: Int, scope: ToolScope) async throws -> VapiToolResult {
        guard case .object(let entry) = call else {
            throw APIError.validation(field: "message.toolCallList.\(index)", "Each tool call must be an object.")
        }
        let function = entry["function"]
        let name = Self.string(function?["name"]) ?? Self.string(entry["name"])
        guard case .string(let id)? = entry["id"] else {
            throw APIError.validation(field: "message.toolCallList.\(index).id", "Each tool call needs its id.")
        }
        guard let name else {
            throw APIError.validation(field: "message.toolCallList.\(index).function.name", "Each tool call needs the tool's name.")
        }
        var arguments = function?["arguments"] ?? entry["arguments"] ?? entry["parameters"]
        if case .string(let text)? = arguments {
            arguments = text.isEmpty ? nil : JSONValue.parse(text)
        }
        var answer = VapiToolResult(toolCallId: id, name: name)
        guard let tool = catalogue.tool(named: name) else {
            answer.error = "Unknown tool '\(name)'."
            return answer
        }
        do {
            answer.result = try await tool.call(arguments, scope: scope).text
        } catch let error as APIError {
            answer.error = (try? ToolResult(ErrorBody(error)))?.text ?? error.message
        }
        return answer
    }

    private static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value, !text.isEmpty { return text }
        return nil
    }
}

/// One entry of Vapi's `results`: the tool's result as JSON text, or `error`.
struct VapiToolResult {
    let toolCallId: String
    let name: String
    var result: String?
    var error: String?

    /// The object `JSONCoding.encoder` writes for it, keys sorted.
    func write(to json: inout JSONWriter) {
        json.raw("{")
        if let error {
            json.raw("\"error\":")
            json.write(error)
            json.raw(",")
        }
        json.raw("\"name\":")
        json.write(name)
        if let result {
            json.raw(",\"result\":")
            json.write(result)
        }
        json.raw(",\"toolCallId\":")
        json.write(toolCallId)
        json.raw("}")
    }
}
