import Foundation

/// Envelopes voice platforms send, in the shapes their public documentation gives, with this
/// server's tool names and test values (`{date}`, `{phone}` are filled in by the tests).
enum PlatformPayloads {
    /// A file of `Tests/Fixtures/platforms` (`scripts/platform-replay-check` plays the same files).
    static func load(_ name: String) -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/platforms/\(name)")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? "missing fixture \(name)"
    }

    /// Vapi `tool-calls` (docs.vapi.ai, "Custom Tools: server request format"; ServerMessageToolCalls):
    /// `toolCallList` entries `{id, type: "function", function: {name, arguments}}`, arguments an
    /// object; `toolWithToolCallList` and `call` ride along. Older assistants send `{id, name,
    /// arguments}` and `{id, name, parameters}`, and some models give arguments as a JSON string.
    static let vapiToolCalls = load("vapi-tool-calls.json")

    /// Vapi `status-update` (docs.vapi.ai, "Server events"): acknowledged with `{}`.
    static let vapiStatusUpdate = load("vapi-status-update.json")

    /// Retell custom function (docs.retellai.com, "Custom function"): `{name, call, args}`.
    static let retellFunction = load("retell-function.json")

    /// Vapi `end-of-call-report` (docs.vapi.ai, "Server events: End of Call Report";
    /// ServerMessageEndOfCallReport): `endedReason`, the call object, the customer, the times,
    /// `artifact` (transcript, recording) and `analysis.summary`. `{callID}`, `{reason}`,
    /// `{summary}` are filled in by the tests.
    static let vapiEndOfCallReport = load("vapi-end-of-call-report.json")

    /// Retell call webhooks (docs.retellai.com, "Webhook"; the call object of the get-call
    /// API): `{event, call}`. `{event}` and `{callID}` are filled in by the tests; `call_started`
    /// carries no end, `call_analyzed` adds `call_analysis`.
    static let retellCallEvent = load("retell-call-event.json")

    /// Retell `call_inbound` (docs.retellai.com, "Inbound call webhook"): asks for the call's
    /// dynamic variables before the agent picks up.
    static let retellCallInbound = load("retell-call-inbound.json")

    /// ElevenLabs `post_call_transcription` (elevenlabs.io docs, "Post-call webhooks"):
    /// `{type, event_timestamp, data}`, the transcript as turns, `metadata.phone_call`.
    static let elevenLabsPostCall = load("elevenlabs-post-call-transcription.json")
}
