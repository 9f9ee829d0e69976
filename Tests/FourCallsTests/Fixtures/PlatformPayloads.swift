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

    /// Vapi `end-of-call-report` (docs.vapi.ai, "Server events: End of Call Report";
    /// ServerMessageEndOfCallReport): `endedReason`, the call object, the customer, the times,
    /// `artifact` (transcript, recording) and `analysis.summary`. `{callID}`, `{reason}`,
    /// `{summary}` are filled in by the tests.
    static let vapiEndOfCallReport = #"""
        {
          "message": {
            "timestamp": 1796390400000,
            "type": "end-of-call-report",
            "endedReason": "{reason}",
            "call": {
              "id": "{callID}", "orgId": "vapi-org-1", "type": "inboundPhoneCall", "status": "ended",
              "startedAt": "2027-03-10T14:50:00Z", "endedAt": "2027-03-10T14:53:05Z",
              "customer": {"number": "+15550102030"}, "metadata": {}
            },
            "customer": {"number": "+15550102030"},
            "startedAt": "2027-03-10T14:50:00Z",
            "endedAt": "2027-03-10T14:53:05Z",
            "durationSeconds": 185,
            "artifact": {
              "transcript": "AI: Thanks for calling Bright Smiles.\nUser: I'd like to book a cleaning.",
              "recordingUrl": "https://storage.vapi.ai/{callID}-mono.wav",
              "messages": []
            },
            "analysis": {"summary": "{summary}", "successEvaluation": "true"}
          }
        }
        """#

    /// Retell call webhooks (docs.retellai.com, "Webhook"; the call object of the get-call
    /// API): `{event, call}`. `{event}` and `{callID}` are filled in by the tests; `call_started`
    /// carries no end, `call_analyzed` adds `call_analysis`.
    static let retellCallEvent = #"""
        {
          "event": "{event}",
          "call": {
            "call_type": "phone_call", "call_id": "{callID}", "agent_id": "retell-agent-1", "call_status": "ended",
            "direction": "inbound", "from_number": "+15550102030", "to_number": "+15550009999",
            "start_timestamp": 1804690200000, "end_timestamp": 1804690350000, "duration_ms": 150000,
            "disconnection_reason": "user_hangup",
            "transcript": "Agent: Bright Smiles, how can I help?\nUser: I need to move my cleaning.",
            "recording_url": "https://retell-recordings.example/{callID}.wav",
            "metadata": {},
            "retell_llm_dynamic_variables": {"customer_name": "Grace"},
            "call_analysis": {"call_summary": "The caller moved a cleaning.", "user_sentiment": "Positive", "call_successful": true}
          }
        }
        """#

    /// Retell `call_inbound` (docs.retellai.com, "Inbound call webhook"): asks for the call's
    /// dynamic variables before the agent picks up.
    static let retellCallInbound = #"""
        {"event": "call_inbound", "call_inbound": {"agent_id": "retell-agent-1", "from_number": "+15550102030", "to_number": "+15550009999"}}
        """#

    /// ElevenLabs `post_call_transcription` (elevenlabs.io docs, "Post-call webhooks"):
    /// `{type, event_timestamp, data}`, the transcript as turns, `metadata.phone_call`.
    static let elevenLabsPostCall = #"""
        {
          "type": "post_call_transcription",
          "event_timestamp": 1804690400,
          "data": {
            "agent_id": "el-agent-1", "conversation_id": "{callID}", "status": "done",
            "transcript": [
              {"role": "agent", "message": "Hello, Bright Smiles.", "time_in_call_secs": 0},
              {"role": "user", "message": "Do you have anything Friday?", "time_in_call_secs": 3}
            ],
            "metadata": {
              "start_time_unix_secs": 1804690200, "call_duration_secs": 95, "termination_reason": "Call ended by remote party",
              "phone_call": {"direction": "inbound", "external_number": "+15550102030", "agent_number": "+15550009999", "type": "twilio"}
            },
            "analysis": {"transcript_summary": "Asked about Friday.", "call_successful": "success"},
            "conversation_initiation_client_data": {"dynamic_variables": {}}
          }
        }
        """#
}
