/// Envelopes voice platforms send, in the shapes their public documentation gives, with this
/// server's tool names and test values (`{date}`, `{phone}` are filled in by the tests).
enum PlatformPayloads {
    /// Vapi `tool-calls` (docs.vapi.ai, "Custom Tools: server request format"; ServerMessageToolCalls):
    /// `toolCallList` entries `{id, type: "function", function: {name, arguments}}`, arguments an
    /// object; `toolWithToolCallList` and `call` ride along. Older assistants send `{id, name,
    /// arguments}` and `{id, name, parameters}`, and some models give arguments as a JSON string.
    static let vapiToolCalls = #"""
        {
          "message": {
            "timestamp": 1796390400000,
            "type": "tool-calls",
            "toolCallList": [
              {"id": "call_VaPi0001", "type": "function", "function": {"name": "check_availability", "arguments": {"date": "{date}"}}},
              {"id": "call_VaPi0002", "name": "find_customer", "arguments": "{\"phone\": \"{phone}\"}"},
              {"id": "call_VaPi0003", "name": "get_call_context", "parameters": {"phone": "{phone}"}},
              {"id": "call_VaPi0004", "type": "function", "function": {"name": "book_appointment", "arguments": {"start": "not a time"}}},
              {"id": "call_VaPi0005", "type": "function", "function": {"name": "transfer_to_human", "arguments": {}}}
            ],
            "toolWithToolCallList": [],
            "call": {"id": "vapi-call-7f3a", "orgId": "vapi-org-1", "type": "inboundPhoneCall"},
            "customer": {"number": "{phone}"}
          }
        }
        """#

    /// Vapi `status-update` (docs.vapi.ai, "Server events"): acknowledged with `{}`.
    static let vapiStatusUpdate = #"""
        {"message": {"type": "status-update", "status": "in-progress", "call": {"id": "vapi-call-7f3a"}, "timestamp": 1796390400000}}
        """#

    /// Retell custom function (docs.retellai.com, "Custom function"): `{name, call, args}`.
    static let retellFunction = #"""
        {
          "name": "check_availability",
          "call": {"call_id": "retell-call-91c2", "agent_id": "retell-agent-1", "call_type": "phone_call", "from_number": "{phone}", "direction": "inbound"},
          "args": {"date": "{date}"}
        }
        """#
}
