import Crypto
import Foundation
import HTTPTypes
import Testing
@testable import FourCalls

/// The tool catalogue of CONTRACT section 10 through each door (MCP, plain tool calls, the
/// REST agent API), API keys as bearer credentials, speakable times and the call-start packet.
@Suite("Agent tools and MCP")
struct AgentToolTests {
    typealias Business = AgentAPITests.Business

    /// A JSON-RPC request to the MCP server, with the agent's credential.
    static func mcp(_ api: TestAPI, _ credential: String, _ method: String, params: String = "{}", id: Int = 1) async throws -> APIResponse {
        try await api.call(
            .post, "/api/internal/ai/mcp", token: credential,
            json: #"{"jsonrpc": "2.0", "id": \#(id), "method": "\#(method)", "params": \#(params)}"#,
            headers: [.accept: "application/json, text/event-stream"])
    }

    /// `tools/call`: the JSON-RPC `result` (`structuredContent`, `content`, `isError`).
    static func mcpTool(_ api: TestAPI, _ credential: String, _ name: String, _ arguments: String = "{}") async throws -> JSONValue {
        let response = try await mcp(api, credential, "tools/call", params: #"{"name": "\#(name)", "arguments": \#(arguments)}"#)
        try #require(response.status == .ok, "\(response.text)")
        let result = try #require(response["result"], "\(response.text)")
        // The text block is the same JSON as the structured content.
        let text = try #require(result["content"]?[0]?["text"]?.string)
        #expect(JSONValue.parse(text) == result["structuredContent"])
        return result
    }

    static func tool(_ api: TestAPI, _ credential: String, _ name: String, _ arguments: String = "{}") async throws -> APIResponse {
        try await api.call(.post, "/api/internal/ai/tools/\(name)", token: credential, json: arguments)
    }

    // MARK: Credentials

    @Test(arguments: Engine.enabled)
    func theAPIKeyIsABearerCredentialUntilTheAgentIsDeleted(on engine: Engine) async throws {
        try await withTestApp(engine, clock: ManualClock(Timestamps.parse("2027-03-10T15:00:00Z")!)) { api in
            let b = try await AgentAPITests.business(api)
            let paths = [
                "/api/internal/ai/context/\(b.businessID)", "/api/internal/ai/call-context/\(b.businessID)",
                "/api/internal/ai/calendar/\(b.businessID)/availability?date=2027-03-11", "/api/internal/ai/tools?format=openai",
            ]
            for path in paths {
                #expect(try await api.call(.get, path, token: b.apiKey).status == .ok, "\(path)")
                #expect(try await api.call(.get, path, token: b.agentToken).status == .ok, "\(path)")
                #expect(try await api.call(.get, path, token: b.userToken).status == .unauthorized, "\(path)")
                #expect(try await api.call(.get, path, token: b.apiKey + "x").status == .unauthorized, "\(path)")
                #expect(try await api.call(.get, path, token: "fc_ak_").status == .unauthorized, "\(path)")
            }
            #expect(try await Self.tool(api, b.apiKey, "check_availability", #"{"date": "2027-03-11"}"#).status == .ok)
            #expect(try await Self.mcp(api, b.apiKey, "tools/list").status == .ok)
            #expect(try await Self.mcp(api, b.userToken, "tools/list").status == .unauthorized)
            // Another organization's business is 403 with the key as with a token.
            let other = try await AgentAPITests.business(api)
            #expect(try await api.call(.get, "/api/internal/ai/call-context/\(other.businessID)", token: b.apiKey).status == .forbidden)
            // The other agent's key acts for its own organization only.
            let own = try await Self.tool(api, other.apiKey, "get_call_context")
            #expect(own["business_id"]?.string == other.businessID)

            // Deleting the agent stops its key at once (it was just used, so any cache held it).
            #expect(try await api.call(.delete, "\(b.base)/ai-agents/\(b.agentID)", token: b.userToken).status == .noContent)
            for path in paths { #expect(try await api.call(.get, path, token: b.apiKey).status == .unauthorized, "\(path)") }
            #expect(try await Self.mcp(api, b.apiKey, "tools/list").status == .unauthorized)
            #expect(try await Self.tool(api, other.apiKey, "get_call_context").status == .ok)
        }
    }

    // MARK: Every tool, every door

    @Test(arguments: Engine.enabled)
    func toolsAgreeWithTheRESTAgentAPIOnADaylightSavingDay(on engine: Engine) async throws {
        // Wednesday 2027-03-10, 10:00 in New York; clocks go forward on Sunday 2027-03-14 at 2:00.
        let clock = ManualClock(Timestamps.parse("2027-03-10T15:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let b = try await AgentAPITests.business(api, hours: AgentAPITests.allWeek)
            let key = b.apiKey

            // check_availability: plain, MCP and REST list the same slots; 23 hours of them.
            let rest = try await api.call(.get, "/api/internal/ai/calendar/\(b.businessID)/availability?date=2027-03-14", token: key)
            let plain = try await Self.tool(api, key, "check_availability", #"{"date": "2027-03-14"}"#)
            let viaMCP = try await Self.mcpTool(api, key, "check_availability", #"{"date": "2027-03-14"}"#)
            #expect(plain.status == .ok)
            let restStarts = rest["slots"]?.array?.compactMap { $0["start"]?.string } ?? []
            let plainStarts = plain["slots"]?.array?.compactMap { $0["start"]?.string } ?? []
            #expect(restStarts.count == 46)
            #expect(plainStarts == restStarts)
            #expect(viaMCP["structuredContent"] == plain.json)
            #expect(viaMCP["isError"] == nil)
            // 1:30 AM EST is followed by 3:00 AM EDT.
            let early = try #require(plain["slots"]?.array)
            #expect(early[3]["spoken"]?.string == "Sunday, March 14 at 1:30 AM")
            #expect(early[3]["start_local"]?.string == "2027-03-14T01:30:00-05:00")
            #expect(early[4]["spoken"]?.string == "Sunday, March 14 at 3:00 AM")
            #expect(early[4]["start_local"]?.string == "2027-03-14T03:00:00-04:00")
            #expect(early[4]["start"]?.string == "2027-03-14T07:00:00Z")

            // book_appointment through MCP, local time without offset, caller by name and phone.
            let booked = try await Self.mcpTool(
                api, key, "book_appointment", #"{"start": "2027-03-14T03:00", "name": "Grace Hopper", "phone": "+1 (555) 010-2030"}"#)
            let appointment = try #require(booked["structuredContent"])
            #expect(booked["isError"] == nil)
            #expect(appointment["start"]?.string == "2027-03-14T07:00:00Z")
            #expect(appointment["spoken"]?.string == "Sunday, March 14 at 3:00 AM")
            #expect(appointment["contact_name"]?.string == "Grace Hopper")
            let appointmentID = try #require(appointment["id"]?.string)
            let contactID = try #require(appointment["contact_id"]?.string)
            let stored = try await api.call(.get, "\(b.base)/appointments/\(appointmentID)", token: b.userToken)
            #expect(stored["scheduled_at"]?.string == "2027-03-14T07:00:00Z")
            #expect(stored["contact_id"]?.string == contactID)

            // A wall-clock time the clocks skip is a bad argument, named.
            let skipped = try await Self.tool(api, key, "book_appointment", #"{"start": "2027-03-14T02:30", "contact_id": "\#(contactID)"}"#)
            #expect(skipped.status == .unprocessableContent)
            #expect(fieldErrors(skipped, "start").first?.contains("skip") == true)
            let skippedMCP = try await Self.mcpTool(api, key, "book_appointment", #"{"start": "2027-03-14T02:30", "contact_id": "\#(contactID)"}"#)
            #expect(skippedMCP["isError"]?.bool == true)
            #expect(skippedMCP["structuredContent"]?["code"]?.string == "VALIDATION_ERROR")
            #expect(skippedMCP["structuredContent"]?["errors"]?["start"] != nil)

            // The same slot again: refused with a sentence and the next free slots.
            let taken = try await Self.tool(api, key, "book_appointment", #"{"start": "2027-03-14T07:00:00Z", "contact_id": "\#(contactID)"}"#)
            #expect(taken.status == .conflict)
            #expect(taken["code"]?.string == "SLOT_UNAVAILABLE")
            #expect(taken["message"]?.string == "Sunday, March 14 at 3:00 AM is taken; I have 3:30 AM, 4:00 AM or 4:30 AM.")
            #expect(taken["alternatives"]?.array?.compactMap { $0["start"]?.string } == ["2027-03-14T07:30:00Z", "2027-03-14T08:00:00Z", "2027-03-14T08:30:00Z"])
            let takenMCP = try await Self.mcpTool(api, key, "book_appointment", #"{"start": "2027-03-14T03:00", "contact_id": "\#(contactID)"}"#)
            #expect(takenMCP["isError"]?.bool == true)
            #expect(takenMCP["structuredContent"] == taken.json)
            // The REST booking of the agent API refuses the same way.
            let takenREST = try await api.call(
                .post, "/api/internal/ai/calendar/\(b.businessID)/bookings", token: key,
                json: #"{"contact_id": "\#(contactID)", "scheduled_at": "2027-03-14T07:00:00Z"}"#)
            #expect(takenREST.status == .conflict)
            #expect(takenREST["alternatives"] == taken["alternatives"])
            // In the past: never a 500, alternatives from now on.
            let past = try await Self.tool(api, key, "book_appointment", #"{"start": "2027-03-09T10:00", "contact_id": "\#(contactID)"}"#)
            #expect(past.status == .conflict)
            #expect(past["message"]?.string?.hasPrefix("Tuesday, March 9 at 10:00 AM has already passed; I have Wednesday, March 10 at 10:30 AM") == true)

            // find_customer and the REST lookup find the same customer and appointment.
            let found = try await Self.tool(api, key, "find_customer", #"{"phone": "555-010-2030"}"#)
            let lookup = try await api.call(.get, "/api/internal/ai/crm/\(b.businessID)/customers/lookup?phone=%2B15550102030", token: key)
            #expect(found["found"]?.bool == true)
            #expect(found["customer"]?["id"]?.string == contactID)
            #expect(found["customer"] == lookup["customer"])
            #expect(found["upcoming_appointments"]?[0]?["id"]?.string == appointmentID)
            #expect(found["upcoming_appointments"]?[0]?["spoken"]?.string == "Sunday, March 14 at 3:00 AM")
            let nobody = try await Self.mcpTool(api, key, "find_customer", #"{"email": "nobody@example.com"}"#)
            #expect(nobody["structuredContent"]?["found"]?.bool == false)
            #expect(nobody["structuredContent"]?["customer"] == .null)
            let neither = try await Self.tool(api, key, "find_customer")
            #expect(neither.status == .unprocessableContent)
            #expect(!fieldErrors(neither, "phone").isEmpty && !fieldErrors(neither, "email").isEmpty)

            // reschedule_appointment: to Monday 10:00 local (EDT now), seen by REST.
            let moved = try await Self.mcpTool(api, key, "reschedule_appointment", #"{"appointment_id": "\#(appointmentID)", "start": "2027-03-15T10:00"}"#)
            #expect(moved["structuredContent"]?["start"]?.string == "2027-03-15T14:00:00Z")
            #expect(moved["structuredContent"]?["spoken"]?.string == "Monday, March 15 at 10:00 AM")
            #expect(try await api.call(.get, "\(b.base)/appointments/\(appointmentID)", token: b.userToken)["scheduled_at"]?.string == "2027-03-15T14:00:00Z")
            // Onto another booking: refused with alternatives; the appointment keeps its time.
            let second = try await Self.tool(api, key, "book_appointment", #"{"start": "2027-03-15T11:00", "contact_id": "\#(contactID)"}"#)
            #expect(second.status == .ok)
            let clash = try await Self.tool(api, key, "reschedule_appointment", #"{"appointment_id": "\#(appointmentID)", "start": "2027-03-15T11:00"}"#)
            #expect(clash.status == .conflict)
            #expect(clash["message"]?.string == "Monday, March 15 at 11:00 AM is taken; I have 11:30 AM, 12:00 PM or 12:30 PM.")
            // Moving within its own time is no clash with itself.
            let nudge = try await Self.tool(api, key, "reschedule_appointment", #"{"appointment_id": "\#(appointmentID)", "start": "2027-03-15T10:15"}"#)
            #expect(nudge.status == .ok, "\(nudge.text)")
            let unknown = try await Self.tool(api, key, "reschedule_appointment", #"{"appointment_id": "\#(UUID().api)", "start": "2027-03-15T10:00"}"#)
            #expect(unknown.status == .notFound)
            #expect(unknown["code"]?.string == "NOT_FOUND")

            // cancel_appointment, seen by REST; an unknown one is NOT_FOUND through MCP too.
            let cancelled = try await Self.tool(api, key, "cancel_appointment", #"{"appointment_id": "\#(appointmentID)", "reason": "Feeling better"}"#)
            #expect(cancelled["status"]?.string == "cancelled")
            let restCancelled = try await api.call(.get, "\(b.base)/appointments/\(appointmentID)", token: b.userToken)
            #expect(restCancelled["status"]?.string == "cancelled")
            #expect(restCancelled["cancellation_reason"]?.string == "Feeling better")
            let missing = try await Self.mcpTool(api, key, "cancel_appointment", #"{"appointment_id": "\#(UUID().api)"}"#)
            #expect(missing["isError"]?.bool == true)
            #expect(missing["structuredContent"]?["code"]?.string == "NOT_FOUND")
            #expect(try await Self.tool(api, key, "cancel_appointment", #"{"appointment_id": "\#(appointmentID)"}"#).status == .conflict)

            // create_lead: created once, then the same contact.
            let lead = try await Self.tool(api, key, "create_lead", #"{"name": "Alan Turing", "email": "alan@example.com", "notes": "Wants whitening"}"#)
            #expect(lead["created"]?.bool == true)
            #expect(lead["contact"]?["tags"]?.array?.contains(.string("lead")) == true)
            let again = try await Self.mcpTool(api, key, "create_lead", #"{"name": "Alan T.", "email": "ALAN@example.com"}"#)
            #expect(again["structuredContent"]?["created"]?.bool == false)
            #expect(again["structuredContent"]?["contact"]?["id"] == lead["contact"]?["id"])
            let noWay = try await Self.tool(api, key, "create_lead", #"{"name": "Nobody"}"#)
            #expect(noWay.status == .unprocessableContent)
            #expect(!fieldErrors(noWay, "phone").isEmpty)

            // log_interaction: a call record the business sees.
            let logged = try await Self.tool(
                api, key, "log_interaction",
                #"{"interaction_type": "call", "contact_id": "\#(contactID)", "duration_seconds": 95, "summary": "Moved the cleaning", "outcome": "rescheduled"}"#)
            #expect(logged.status == .ok)
            let callID = try #require(logged["call_id"]?.string)
            let call = try await api.call(.get, "\(b.base)/calls/\(callID)", token: b.userToken)
            #expect(call["contact_id"]?.string == contactID)
            #expect(call["summary"]?.string == "Moved the cleaning")
            let badLog = try await Self.mcpTool(api, key, "log_interaction", #"{"duration_seconds": "long"}"#)
            #expect(badLog["isError"]?.bool == true)
            #expect(badLog["structuredContent"]?["errors"]?.keys == ["interaction_type", "duration_seconds"])

            // get_call_context for the caller: the contact and the second appointment.
            let context = try await Self.tool(api, key, "get_call_context", #"{"phone": "+15550102030"}"#)
            #expect(context["contact"]?["id"]?.string == contactID)
            #expect(context["upcoming_appointments"]?.array?.count == 1)
            #expect(context["upcoming_appointments"]?[0]?["spoken"]?.string == "Monday, March 15 at 11:00 AM")
            #expect(context["recent_calls"]?[0]?["id"]?.string == callID)
            let restContext = try await api.call(.get, "/api/internal/ai/call-context/\(b.businessID)?phone=%2B15550102030", token: key)
            #expect(restContext["contact"] == context["contact"])
            #expect(restContext["upcoming_appointments"] == context["upcoming_appointments"])

            // Unknown tools.
            #expect(try await Self.tool(api, key, "book").status == .notFound)
            let unknownMCP = try await Self.mcp(api, key, "tools/call", params: #"{"name": "book", "arguments": {}}"#)
            #expect(unknownMCP["error"]?["code"]?.int == -32602)
            // Not a JSON object.
            #expect(try await Self.tool(api, key, "check_availability", "[1]").status == .unprocessableContent)
            #expect(try await Self.tool(api, key, "check_availability", "{").status == .badRequest)
        }
    }

    // MARK: MCP

    @Test(arguments: Engine.enabled)
    func theMCPServerSpeaksTheProtocolStatelessly(on engine: Engine) async throws {
        try await withTestApp(engine, clock: ManualClock(Timestamps.parse("2027-03-10T15:00:00Z")!)) { api in
            let b = try await AgentAPITests.business(api)
            for version in ["2025-03-26", "2025-06-18", "2025-11-25"] {
                let initialized = try await Self.mcp(
                    api, b.apiKey, "initialize",
                    params: #"{"protocolVersion": "\#(version)", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}"#)
                #expect(initialized["result"]?["protocolVersion"]?.string == version)
                #expect(initialized["result"]?["serverInfo"]?["name"]?.string == "4calls")
                #expect(initialized["result"]?["capabilities"]?["tools"] != nil)
            }
            let listed = try await Self.mcp(api, b.apiKey, "tools/list", id: 2)
            let tools = try #require(listed["result"]?["tools"]?.array)
            #expect(tools.compactMap { $0["name"]?.string } == [
                "get_call_context", "check_availability", "find_customer", "book_appointment", "reschedule_appointment",
                "cancel_appointment", "create_lead", "log_interaction",
            ])
            for tool in tools {
                #expect(tool["inputSchema"]?["type"]?.string == "object")
                #expect(tool["outputSchema"]?["type"]?.string == "object")
                #expect((tool["description"]?.string?.count ?? 0) > 40)
            }
            #expect(try await Self.mcp(api, b.apiKey, "resources/unknown")["error"]?["code"]?.int == -32601)
            let notification = try await api.call(
                .post, "/api/internal/ai/mcp", token: b.apiKey, json: #"{"jsonrpc": "2.0", "method": "notifications/initialized"}"#,
                headers: [.accept: "application/json, text/event-stream"])
            #expect(notification.status == .accepted)
            let get = try await api.call(.get, "/api/internal/ai/mcp", token: b.apiKey)
            #expect(get.status == .methodNotAllowed)
            #expect(get.headers[.allow]?.contains("POST") == true)
            #expect(try await api.call(.delete, "/api/internal/ai/mcp", token: b.apiKey).status == .methodNotAllowed)
            // Without Accept (or with */*) the answer is JSON all the same.
            let plainAccept = try await api.call(
                .post, "/api/internal/ai/mcp", token: b.apiKey, json: #"{"jsonrpc": "2.0", "id": 9, "method": "tools/list"}"#)
            #expect(plainAccept["result"]?["tools"]?.array?.count == 8)

            // Two businesses, the same JSON-RPC id at once: each sees its own.
            let other = try await AgentAPITests.business(api, hours: AgentAPITests.allWeek)
            try await withThrowingTaskGroup(of: (String, String?).self) { group in
                for _ in 0..<10 {
                    for business in [b, other] {
                        group.addTask {
                            let result = try await Self.mcpTool(api, business.apiKey, "get_call_context")
                            return (business.businessID, result["structuredContent"]?["business_id"]?.string)
                        }
                    }
                }
                for try await (asked, answered) in group { #expect(asked == answered) }
            }
        }
    }

    /// `tools/call` is answered without the SDK's server (`MCPToolCall`): the same header
    /// checks, the id given back as it came, text that needs escaping intact, and any call
    /// that is not a well-formed call of a known tool left to the SDK's errors.
    @Test(arguments: Engine.enabled)
    func aToolCallKeepsTheTransportsChecksAndItsId(on engine: Engine) async throws {
        try await withTestApp(engine, clock: ManualClock(Timestamps.parse("2027-03-10T15:00:00Z")!)) { api in
            let b = try await AgentAPITests.business(api)
            let call = #"{"jsonrpc": "2.0", "id": "turn-7", "method": "tools/call", "params": {"name": "check_availability", "arguments": {"date": "2027-03-14"}}}"#
            let post = { (headers: HTTPFields) in try await api.call(.post, "/api/internal/ai/mcp", token: b.apiKey, json: call, headers: headers) }
            let answered = try await post([.accept: "application/json, text/event-stream", .mcpProtocolVersion: "2025-06-18"])
            #expect(answered.status == .ok)
            #expect(answered["id"]?.string == "turn-7")
            #expect(answered["jsonrpc"]?.string == "2.0")
            #expect(answered["result"]?["structuredContent"]?["slots"]?.array?.isEmpty == false)
            let version = try await post([.accept: "application/json", .mcpProtocolVersion: "1999-01-01"])
            #expect(version.status == .badRequest)
            #expect(version["error"]?["code"]?.int == -32600)
            #expect(try await post([.accept: "text/html"]).status == .notAcceptable)
            #expect(try await post([.accept: "application/json", .contentType: "text/plain"]).status == .unsupportedMediaType)

            // Quotes, a backslash, markup and accents come back the same in both blocks.
            let name = #"Zoë "Z" O\Brien </script>"#
            let arguments: JSONValue = ["name": .string(name), "phone": "+15550101010"]
            let lead = try await Self.mcpTool(api, b.apiKey, "create_lead", arguments.jsonText())
            #expect(lead["isError"] == nil)
            #expect(lead["structuredContent"]?["contact"]?["name"]?.string == name)

            // No arguments at all is an empty call; arguments that are not an object, or a
            // message that is not JSON-RPC 2.0, get the SDK's JSON-RPC errors.
            let bare = try await Self.mcp(api, b.apiKey, "tools/call", params: #"{"name": "find_customer"}"#)
            #expect(bare["result"]?["isError"]?.bool == true)
            #expect(bare["result"]?["structuredContent"]?["code"]?.string == "VALIDATION_ERROR")
            let text = try await Self.mcp(api, b.apiKey, "tools/call", params: #"{"name": "find_customer", "arguments": "phone"}"#)
            #expect(text["error"]?["code"]?.int != nil)
            #expect(text["result"] == nil)
            let old = try await api.call(
                .post, "/api/internal/ai/mcp", token: b.apiKey,
                json: #"{"jsonrpc": "1.0", "id": 3, "method": "tools/call", "params": {"name": "find_customer", "arguments": {}}}"#,
                headers: [.accept: "application/json"])
            #expect(old["error"]?["code"]?.int == -32700)
        }
    }

    // MARK: Call context

    @Test(arguments: Engine.enabled)
    func theCallContextFitsIn8KBAndSaysWhenTheBusinessOpens(on engine: Engine) async throws {
        // Sunday 2027-03-07, 11:00 in New York: closed on Sundays.
        let clock = ManualClock(Timestamps.parse("2027-03-07T16:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let weekdays = #"{"monday": {"start": "09:00", "end": "17:00"}, "tuesday": {"start": "09:00", "end": "17:00"}}"#
            let b = try await AgentAPITests.business(api, hours: weekdays)
            let long = String(repeating: "Ünïcode answers go on and on. ", count: 400)
            for index in 0..<30 {
                let faq = try await api.call(
                    .post, "\(b.base)/faqs", token: b.userToken, json: #"{"question": "Question \#(index)?", "answer": "\#(long)"}"#)
                try #require(faq.status == .created, "\(faq.text)")
            }
            for index in 0..<12 {
                let name = "Type \(index) " + String(repeating: "x", count: 200)
                let type = try await api.call(
                    .post, "\(b.base)/appointment-types", token: b.userToken, json: #"{"name": "\#(name)", "duration_minutes": 45}"#)
                try #require(type.status == .created, "\(type.text)")
            }
            _ = try await api.createContact(
                b.base, token: b.userToken,
                json: #"{"name": "Long Notes", "phone": "+15550001111", "notes": "\#(long)", "tags": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]}"#)

            let response = try await api.call(.get, "/api/internal/ai/call-context/\(b.businessID)?phone=%2B15550001111", token: b.apiKey)
            #expect(response.status == .ok)
            #expect(response.text.utf8.count <= 8192, "\(response.text.utf8.count) bytes")
            #expect(response.json.keys == [
                "business_id", "business_name", "timezone", "now", "open_now", "today_hours", "next_opening", "appointment_types",
                "coordinator", "faqs", "next_free_slots", "contact", "upcoming_appointments", "recent_calls",
            ])
            #expect(response["faqs"]?.array?.isEmpty == false)
            #expect(response["contact"]?["name"]?.string == "Long Notes")
            #expect(response["contact"]?["notes"]?.string?.hasSuffix("…") == true)
            #expect(response["open_now"]?.bool == false)
            #expect(response["today_hours"] == .null)
            #expect(response["next_opening"]?["spoken"]?.string == "Monday, March 8 at 9:00 AM")
            #expect(response["now"]?["spoken"]?.string == "Sunday, March 7 at 11:00 AM")
            // The first type by name ("Type 0 ...") is 45 minutes: the next 3 free slots from Monday's opening.
            #expect(response["next_free_slots"]?.array?.compactMap { $0["spoken"]?.string } == [
                "Monday, March 8 at 9:00 AM", "Monday, March 8 at 9:30 AM", "Monday, March 8 at 10:00 AM",
            ])
            // An unknown caller: no contact, empty lists.
            let stranger = try await api.call(.get, "/api/internal/ai/call-context/\(b.businessID)?phone=%2B15559999999", token: b.apiKey)
            #expect(stranger["contact"] == .null)
            #expect(stranger["upcoming_appointments"]?.array?.isEmpty == true)

            // Outside the hours: refused, offering the next opening's slots, the day said once.
            let closed = try await Self.tool(api, b.apiKey, "book_appointment", #"{"start": "2027-03-08T18:00", "name": "Late Caller", "phone": "+15550002222"}"#)
            #expect(closed.status == .conflict)
            #expect(closed["error"]?.string == "The requested time is outside business hours.")
            #expect(closed["message"]?.string == "Monday, March 8 at 6:00 PM is outside business hours; I have Tuesday, March 9 at 9:00 AM, 9:30 AM or 10:00 AM.")
            #expect(closed["alternatives"]?[0]?["start_local"]?.string == "2027-03-09T09:00:00-05:00")

            // The free slots follow every change to the calendar at once (the clock stands still).
            func freeSlots() async throws -> [String] {
                try await Self.tool(api, b.apiKey, "get_call_context")["next_free_slots"]?.array?.compactMap { $0["spoken"]?.string } ?? []
            }
            let booked = try await Self.tool(api, b.apiKey, "book_appointment", #"{"start": "2027-03-08T09:00", "name": "Early Bird", "phone": "+15550003333"}"#)
            let bookedID = try #require(booked["id"]?.string)
            #expect(try await freeSlots() == ["Monday, March 8 at 9:30 AM", "Monday, March 8 at 10:00 AM", "Monday, March 8 at 10:30 AM"])
            #expect(try await Self.tool(api, b.apiKey, "cancel_appointment", #"{"appointment_id": "\#(bookedID)"}"#).status == .ok)
            #expect(try await freeSlots() == ["Monday, March 8 at 9:00 AM", "Monday, March 8 at 9:30 AM", "Monday, March 8 at 10:00 AM"])
            let again = try await Self.tool(api, b.apiKey, "book_appointment", #"{"start": "2027-03-08T09:00", "name": "Early Bird", "phone": "+15550003333"}"#)
            #expect(try await freeSlots().first == "Monday, March 8 at 9:30 AM")
            let birdID = try #require(again["contact_id"]?.string)
            #expect(try await api.call(.delete, "\(b.base)/contacts/\(birdID)", token: b.userToken).status == .noContent)
            #expect(try await freeSlots().first == "Monday, March 8 at 9:00 AM")
            // New business hours count at once too.
            let hours = #"{"business_hours": {"monday": {"start": "10:00", "end": "17:00"}}}"#
            #expect(try await api.call(.put, b.base, token: b.userToken, json: hours).status == .ok)
            #expect(try await freeSlots().first == "Monday, March 8 at 10:00 AM")

            // Monday 10:00: open, with today's hours.
            clock.advance(by: 23 * 3600)
            let open = try await Self.tool(api, b.apiKey, "get_call_context")
            #expect(open["open_now"]?.bool == true)
            #expect(open["today_hours"]?["spoken"]?.string == "10:00 AM to 5:00 PM")
            #expect(open["next_opening"] == .null)
        }
    }

    /// The packet's business part is reused between calls, but a write shows in the next
    /// packet at once: a new FAQ, a new first appointment type, an edited answer.
    @Test(arguments: Engine.enabled)
    func theCallContextShowsEachChangeToTheBusinessAtOnce(on engine: Engine) async throws {
        try await withTestApp(engine, clock: ManualClock(Timestamps.parse("2027-03-08T15:00:00Z")!)) { api in
            let b = try await AgentAPITests.business(api)
            func packet() async throws -> APIResponse { try await Self.tool(api, b.apiKey, "get_call_context") }
            #expect(try await packet()["faqs"]?.array?.isEmpty == true)
            #expect(try await packet()["appointment_types"]?.array?.isEmpty == true)
            let faq = try await api.call(.post, "\(b.base)/faqs", token: b.userToken, json: #"{"question": "Parking?", "answer": "Behind the building."}"#)
            let faqID = try #require(faq["id"]?.string)
            #expect(try await packet()["faqs"]?[0]?["answer"]?.string == "Behind the building.")
            _ = try await api.call(.post, "\(b.base)/appointment-types", token: b.userToken, json: #"{"name": "Whitening", "duration_minutes": 60}"#)
            #expect(try await packet()["appointment_types"]?.array?.compactMap { $0["name"]?.string } == ["Whitening"])
            _ = try await api.call(.post, "\(b.base)/appointment-types", token: b.userToken, json: #"{"name": "Checkup", "duration_minutes": 30}"#)
            #expect(try await packet()["appointment_types"]?.array?.compactMap { $0["name"]?.string } == ["Checkup", "Whitening"])
            let edited = try await api.call(.put, "\(b.base)/faqs/\(faqID)", token: b.userToken, json: #"{"answer": "In the garage."}"#)
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(try await packet()["faqs"]?[0]?["answer"]?.string == "In the garage.")
            #expect(try await api.call(.delete, "\(b.base)/faqs/\(faqID)", token: b.userToken).status == .noContent)
            #expect(try await packet()["faqs"]?.array?.isEmpty == true)
        }
    }

    // MARK: Manifests

    @Test(arguments: Engine.enabled)
    func manifestsAreEachPlatformsToolDefinitions(on engine: Engine) async throws {
        try await withTestApp(engine, configure: { $0.appURL = "https://calls.example.com" }) { api in
            let b = try await AgentAPITests.business(api)
            func manifest(_ format: String, _ credential: String) async throws -> [JSONValue] {
                let response = try await api.call(.get, "/api/internal/ai/tools?format=\(format)", token: credential)
                try #require(response.status == .ok, "\(response.text)")
                return try #require(response["tools"]?.array)
            }
            let openai = try await manifest("openai", b.apiKey)
            #expect(openai.count == 8)
            #expect(openai[1]["type"]?.string == "function")
            #expect(openai[1]["function"]?["name"]?.string == "check_availability")
            #expect(openai[1]["function"]?["parameters"]?["required"] == ["date"])
            let realtime = try await manifest("openai-realtime", b.apiKey)
            #expect(realtime[3]["name"]?.string == "book_appointment")
            #expect(realtime[3]["parameters"]?["properties"]?["start"] != nil)
            let vapi = try await manifest("vapi", b.apiKey)
            #expect(vapi[0]["type"]?.string == "function")
            #expect(vapi[0]["server"]?["url"]?.string == "https://calls.example.com/api/internal/ai/vapi")
            #expect(vapi[0]["server"]?["headers"]?["Authorization"]?.string == "Bearer \(b.apiKey)")
            let retell = try await manifest("retell", b.apiKey)
            #expect(retell[2]["type"]?.string == "custom")
            #expect(retell[2]["url"]?.string == "https://calls.example.com/api/internal/ai/retell/functions/find_customer")
            let elevenlabs = try await manifest("elevenlabs", b.apiKey)
            #expect(elevenlabs[1]["type"]?.string == "webhook")
            #expect(elevenlabs[1]["api_schema"]?["url"]?.string == "https://calls.example.com/api/internal/ai/tools/check_availability")
            #expect(elevenlabs[1]["api_schema"]?["method"]?.string == "POST")
            #expect(elevenlabs[1]["api_schema"]?["request_body_schema"]?["properties"]?["date"]?["format"] == nil)
            // With an access token (it expires), a placeholder instead of a credential.
            let withToken = try await manifest("vapi", b.agentToken)
            #expect(withToken[0]["server"]?["headers"]?["Authorization"]?.string == ToolManifests.keyPlaceholder)
            // What the manifests point at works with the key.
            #expect(try await Self.tool(api, b.apiKey, "get_call_context").status == .ok)

            let unknown = try await api.call(.get, "/api/internal/ai/tools?format=bland", token: b.apiKey)
            #expect(unknown.status == .unprocessableContent)
            #expect(!fieldErrors(unknown, "format").isEmpty)
            #expect(try await api.call(.get, "/api/internal/ai/tools", token: b.apiKey).status == .unprocessableContent)
        }
    }

    /// Without `APP_URL`, the URLs are the request's host.
    @Test func manifestURLsFollowTheRequestHostWithoutAppURL() async throws {
        try await withTestApp(.sqlite) { api in
            let b = try await AgentAPITests.business(api)
            let response = try await api.call(
                .get, "/api/internal/ai/tools?format=elevenlabs", token: b.apiKey, headers: [HTTPField.Name("Host")!: "voice.test:8443"])
            let url = response["tools"]?[0]?["api_schema"]?["url"]?.string
            #expect(url?.hasSuffix("/api/internal/ai/tools/get_call_context") == true)
            #expect(url?.hasPrefix("http://") == true)
        }
    }

    // MARK: Server-Timing

    @Test(arguments: Engine.enabled)
    func everyAgentResponseSaysWhereItsTimeWent(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let b = try await AgentAPITests.business(api)
            let responses = [
                try await api.call(.get, "/api/internal/ai/context/\(b.businessID)", token: b.agentToken),
                try await api.call(.get, "/api/internal/ai/call-context/\(b.businessID)", token: b.apiKey),
                try await Self.tool(api, b.apiKey, "nope"),
                try await api.call(.get, "/api/internal/ai/context/\(b.businessID)"),
                try await Self.mcp(api, b.apiKey, "tools/list"),
            ]
            for response in responses {
                let timing = try #require(response.headers[HTTPField.Name("Server-Timing")!], "\(response.status)")
                #expect(timing.wholeMatch(of: /db;dur=\d+\.\d\d, total;dur=\d+\.\d\d/) != nil, "\(timing)")
            }
            let context = try #require(responses[1].headers[HTTPField.Name("Server-Timing")!])
            let database = Double(context.split(separator: ";")[1].dropFirst(4).prefix { $0 != "," }) ?? 0
            #expect(database > 0)
        }
    }

    // MARK: Speakable times

    @Test func speakableTimesAreLocalAndSayable() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let time = SpeakableTime(try #require(Timestamps.parse("2027-03-16T18:30:00Z")), in: newYork)
        #expect(time.spoken == "Tuesday, March 16 at 2:30 PM")
        #expect(time.start_local == "2027-03-16T14:30:00-04:00")
        #expect(SpeakableTime.spoken(try #require(Timestamps.parse("2027-11-07T04:05:00Z")), in: newYork) == "Sunday, November 7 at 12:05 AM")
        #expect(SpeakableTime.clock(try #require(Timestamps.parse("2027-11-07T17:00:00Z")), in: newYork) == "12:00 PM")

        #expect(AgentTime.parse("2027-03-16T14:30", in: newYork) == .success(Timestamps.parse("2027-03-16T18:30:00Z")!))
        #expect(AgentTime.parse("2027-03-16 14:30:15", in: newYork) == .success(Timestamps.parse("2027-03-16T18:30:15Z")!))
        #expect(AgentTime.parse("2027-03-16T14:30:00+02:00", in: newYork) == .success(Timestamps.parse("2027-03-16T12:30:00Z")!))
        #expect(AgentTime.parse("2027-03-14T02:30", in: newYork) == .failure(.skipped))
        // Clocks go back on 2027-11-07: 1:30 AM happens twice; the first (EDT) is meant.
        #expect(AgentTime.parse("2027-11-07T01:30", in: newYork) == .success(Timestamps.parse("2027-11-07T05:30:00Z")!))
        for bad in ["tomorrow", "2027-02-30T10:00", "2027-03-16T25:00", "2027-03-16T10", "2027-03-16T10:00:60", ""] {
            #expect(AgentTime.parse(bad, in: newYork) == .failure(.unreadable), "\(bad)")
        }
    }
}

/// Vapi's and Retell's tool-call envelopes run the same tools.
@Suite("Voice platform tool calls")
struct PlatformToolCallTests {
    static func fill(_ payload: String) -> String {
        payload.replacingOccurrences(of: "{date}", with: "2027-03-11").replacingOccurrences(of: "{phone}", with: "+15550102030")
    }

    @Test(arguments: Engine.enabled)
    func vapiToolCallsAnswerOneResultPerCallInOrder(on engine: Engine) async throws {
        try await withTestApp(engine, clock: ManualClock(Timestamps.parse("2027-03-10T15:00:00Z")!)) { api in
            let b = try await AgentAPITests.business(api)
            _ = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Grace Hopper", "phone": "+15550102030"}"#)
            let body = Self.fill(PlatformPayloads.vapiToolCalls)
            // Vapi's server secret header, the key in the URL, and a bearer key all work.
            let secret = try await api.call(.post, "/api/internal/ai/vapi", json: body, headers: [HTTPField.Name("X-Vapi-Secret")!: b.apiKey])
            let query = try await api.call(.post, "/api/internal/ai/vapi?key=\(b.apiKey)", json: body)
            let bearer = try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: body)
            for response in [secret, query, bearer] {
                #expect(response.status == .ok, "\(response.text)")
            }
            let results = try #require(secret["results"]?.array)
            #expect(results.compactMap { $0["toolCallId"]?.string } == ["call_VaPi0001", "call_VaPi0002", "call_VaPi0003", "call_VaPi0004", "call_VaPi0005"])
            #expect(results.compactMap { $0["name"]?.string } == [
                "check_availability", "find_customer", "get_call_context", "book_appointment", "transfer_to_human",
            ])
            // `result` is a JSON string of the tool's result, the same as a plain call's.
            let availability = JSONValue.parse(try #require(results[0]["result"]?.string))
            let plain = try await AgentToolTests.tool(api, b.apiKey, "check_availability", #"{"date": "2027-03-11"}"#)
            #expect(availability == plain.json)
            #expect(JSONValue.parse(try #require(results[1]["result"]?.string))["found"]?.bool == true)
            #expect(JSONValue.parse(try #require(results[2]["result"]?.string))["contact"]?["name"]?.string == "Grace Hopper")
            // Failures give `error` instead: the error body, fields named; an unknown tool says so.
            #expect(results[3]["result"] == nil)
            let failure = JSONValue.parse(try #require(results[3]["error"]?.string))
            #expect(failure["code"]?.string == "VALIDATION_ERROR")
            #expect(failure["errors"]?["start"] != nil)
            #expect(results[4]["error"]?.string?.contains("Unknown tool") == true)
            #expect(query["results"] == secret["results"])

            let status = try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: PlatformPayloads.vapiStatusUpdate)
            #expect(status.status == .ok)
            #expect(status.json == [:])
            let assistant = try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: #"{"message": {"type": "assistant-request"}}"#)
            #expect(assistant.status == .ok)
            #expect(assistant["error"]?.string != nil)
            let malformed = try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: #"{"type": "tool-calls"}"#)
            #expect(malformed.status == .unprocessableContent)
            #expect(!fieldErrors(malformed, "message").isEmpty)
            let noList = try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: #"{"message": {"type": "tool-calls"}}"#)
            #expect(!fieldErrors(noList, "message.toolCallList").isEmpty)
            // Wrong or missing credentials: 401, nothing run.
            #expect(try await api.call(.post, "/api/internal/ai/vapi", json: body, headers: [HTTPField.Name("X-Vapi-Secret")!: "fc_ak_wrong"]).status == .unauthorized)
            #expect(try await api.call(.post, "/api/internal/ai/vapi?key=nope", json: body).status == .unauthorized)
            #expect(try await api.call(.post, "/api/internal/ai/vapi", json: body).status == .unauthorized)
            // The key in the URL works only on the platforms' endpoints.
            #expect(try await api.call(.get, "/api/internal/ai/call-context/\(b.businessID)?key=\(b.apiKey)").status == .unauthorized)
        }
    }

    @Test(arguments: Engine.enabled)
    func retellCustomFunctionsAnswerTheResult(on engine: Engine) async throws {
        try await withTestApp(engine, clock: ManualClock(Timestamps.parse("2027-03-10T15:00:00Z")!)) { api in
            let b = try await AgentAPITests.business(api)
            let body = Self.fill(PlatformPayloads.retellFunction)
            let viaHeader = try await api.call(.post, "/api/internal/ai/retell/functions/check_availability", token: b.apiKey, json: body)
            let viaQuery = try await api.call(.post, "/api/internal/ai/retell/functions/check_availability?key=\(b.apiKey)", json: body)
            let plain = try await AgentToolTests.tool(api, b.apiKey, "check_availability", #"{"date": "2027-03-11"}"#)
            #expect(viaHeader.status == .ok)
            #expect(viaHeader.json == plain.json)
            #expect(viaQuery.json == plain.json)
            // "Payload: args only": the arguments are the body.
            let argsOnly = try await api.call(.post, "/api/internal/ai/retell/functions/check_availability", token: b.apiKey, json: #"{"date": "2027-03-11"}"#)
            #expect(argsOnly.json == plain.json)
            let bad = try await api.call(.post, "/api/internal/ai/retell/functions/check_availability", token: b.apiKey, json: #"{"name": "check_availability", "call": {}, "args": {}}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(!fieldErrors(bad, "date").isEmpty)
            #expect(try await api.call(.post, "/api/internal/ai/retell/functions/nope", token: b.apiKey, json: body).status == .notFound)
            #expect(try await api.call(.post, "/api/internal/ai/retell/functions/check_availability", json: body).status == .unauthorized)
        }
    }
}

/// Vapi's end-of-call reports through the call intake: each platform call recorded once.
@Suite("Call intake")
struct CallIntakeTests {
    static func report(callID: String, reason: String = "customer-ended-call", summary: String = "Booked a cleaning.") -> String {
        PlatformPayloads.vapiEndOfCallReport.replacingOccurrences(of: "{callID}", with: callID)
            .replacingOccurrences(of: "{reason}", with: reason).replacingOccurrences(of: "{summary}", with: summary)
    }

    @Test(arguments: Engine.enabled)
    func aReportDeliveredManyTimesIsOneCall(on engine: Engine) async throws {
        try await withTestApp(engine, clock: ManualClock(Timestamps.parse("2027-03-10T15:00:00Z")!)) { api in
            let b = try await AgentAPITests.business(api)
            let body = Self.report(callID: "vapi-call-once")
            // Three times in a row, then five at once.
            for _ in 0..<3 {
                let answer = try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: body)
                #expect(answer.status == .ok, "\(answer.text)")
                #expect(answer.json == [:])
            }
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<5 { group.addTask { try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: body).status } }
                for try await status in group { #expect(status == .ok) }
            }
            let calls = try await api.call(.get, "\(b.base)/calls", token: b.userToken)
            #expect(calls["total"]?.int == 1)
            let call = try #require(calls["data"]?[0])
            #expect(call["status"]?.string == "completed")
            #expect(call["direction"]?.string == "inbound")
            #expect(call["duration_seconds"]?.int == 185)
            #expect(call["summary"]?.string == "Booked a cleaning.")
            #expect(call["recording_url"]?.string == "https://storage.vapi.ai/vapi-call-once-mono.wav")
            #expect(call["started_at"]?.string == "2027-03-10T14:50:00Z")
            #expect(call["transcript"]?.string?.hasPrefix("AI: Thanks for calling") == true)
            // The caller became a contact, matched by phone next time.
            let contactID = try #require(call["contact_id"]?.string)
            #expect(try await api.call(.get, "\(b.base)/contacts/\(contactID)", token: b.userToken)["phone"]?.string == "+15550102030")
            let events = try await api.recordedEvents().map(\.name)
            #expect(events.filter { $0 == "call.completed" }.count == 1)
            #expect(events.filter { $0 == "ai_interaction.logged" }.count == 1)
            #expect(events.filter { $0 == "contact.created" }.count == 1)

            // Another call of the same caller: the same contact; end reasons map to statuses.
            for (callID, reason, status) in [
                ("vapi-call-2", "customer-did-not-answer", "missed"), ("vapi-call-3", "voicemail", "voicemail"),
                ("vapi-call-4", "customer-busy", "missed"), ("vapi-call-5", "assistant-ended-call", "completed"),
            ] {
                #expect(try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: Self.report(callID: callID, reason: reason)).status == .ok)
                let listed = try await api.call(.get, "\(b.base)/calls?per_page=100", token: b.userToken)
                let recorded = listed["data"]?.array?.first { $0["metadata"]?["platform_call_id"]?.string == callID }
                #expect(recorded?["status"]?.string == status, "\(reason)")
                #expect(recorded?["contact_id"]?.string == contactID)
            }
            #expect(try await api.call(.get, "\(b.base)/calls", token: b.userToken)["total"]?.int == 5)
        }
    }

    @Test(arguments: Engine.enabled)
    func aLaterReportOnlyFillsWhatIsEmpty(on engine: Engine) async throws {
        try await withTestApp(engine, clock: ManualClock(Timestamps.parse("2027-03-10T15:00:00Z")!)) { api in
            let b = try await AgentAPITests.business(api)
            // The first report has no summary (as a call ends before its analysis).
            let early = Self.report(callID: "vapi-call-late", summary: "")
            #expect(try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: early).status == .ok)
            #expect(try await api.call(.get, "\(b.base)/calls", token: b.userToken)["data"]?[0]?["summary"] == .null)
            let analyzed = Self.report(callID: "vapi-call-late", summary: "Wants whitening.")
            #expect(try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: analyzed).status == .ok)
            let again = Self.report(callID: "vapi-call-late", reason: "voicemail", summary: "Something else.")
            #expect(try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: again).status == .ok)
            let calls = try await api.call(.get, "\(b.base)/calls", token: b.userToken)
            #expect(calls["total"]?.int == 1)
            #expect(calls["data"]?[0]?["summary"]?.string == "Wants whitening.")
            #expect(calls["data"]?[0]?["status"]?.string == "completed")
            #expect(try await api.recordedEvents().filter { $0.name == "ai_interaction.logged" }.count == 1)

            // An unknown campaign call in the metadata: a plain call.
            let campaign = Self.report(callID: "vapi-call-campaign").replacingOccurrences(
                of: #""metadata": {}"#, with: #""metadata": {"campaign_call_id": "\#(UUID().api)"}"#)
            #expect(try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: campaign).status == .ok)
            #expect(try await api.call(.get, "\(b.base)/calls", token: b.userToken)["total"]?.int == 2)
            // The same call id in another business is that business's own call.
            let other = try await AgentAPITests.business(api)
            #expect(try await api.call(.post, "/api/internal/ai/vapi", token: other.apiKey, json: early).status == .ok)
            #expect(try await api.call(.get, "\(other.base)/calls", token: other.userToken)["total"]?.int == 1)
            // No call id: 422 naming it, nothing recorded.
            let missing = try await api.call(
                .post, "/api/internal/ai/vapi", token: b.apiKey, json: #"{"message": {"type": "end-of-call-report", "call": {}}}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(!fieldErrors(missing, "message.call.id").isEmpty)
            #expect(try await api.call(.get, "\(b.base)/calls", token: b.userToken)["total"]?.int == 2)
        }
    }
}

extension CallIntakeTests {
    /// A report naming a campaign call (in the call's metadata) settles that call.
    @Test(arguments: Engine.enabled)
    func aReportOfACampaignCallSettlesIt(on engine: Engine) async throws {
        // Tuesday 10:00 in New York: inside the default calling window.
        try await withTestApp(engine, clock: ManualClock(Timestamps.parse("2027-03-02T15:00:00Z")!)) { api in
            let audience = try await CampaignTests.audience(api, count: 1)
            let b = audience.business
            let list = try await CampaignTests.list(api, b, name: "Recall", audience.contactIDs)
            let campaign = try await CampaignTests.campaign(api, b, lists: [list])
            #expect(try await api.call(.post, "\(b.base)/campaigns/\(campaign)/start", token: b.userToken).status == .ok)
            let lease = try await CampaignTests.next(api, b)
            let campaignCallID = try #require(lease["campaign_call_id"]?.string, "\(lease.text)")
            let phone = try #require(lease["contact"]?["phone"]?.string)
            let report = Self.report(callID: "vapi-campaign-1").replacingOccurrences(of: #""metadata": {}"#, with: #""metadata": {"campaign_call_id": "\#(campaignCallID)"}"#)
                .replacingOccurrences(of: #""type": "inboundPhoneCall""#, with: #""type": "outboundPhoneCall""#)
                .replacingOccurrences(of: "+15550102030", with: phone)
            for _ in 0..<2 { #expect(try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: report).status == .ok) }
            let calls = try await api.call(.get, "\(b.base)/campaigns/\(campaign)/calls", token: b.userToken)
            #expect(calls["data"]?[0]?["status"]?.string == "completed", "\(calls.text)")
            #expect(try await api.call(.get, "\(b.base)/campaigns/\(campaign)", token: b.userToken)["status"]?.string == "completed")
            let logged = try await api.call(.get, "\(b.base)/calls", token: b.userToken)
            #expect(logged["total"]?.int == 1)
            #expect(logged["data"]?[0]?["direction"]?.string == "outbound")
            #expect(logged["data"]?[0]?["contact_id"]?.string == audience.contactIDs[0])
            #expect(try await api.recordedEvents().filter { $0.name == "campaign.completed" }.count == 1)
        }
    }
}

/// Agents' platform settings, Vapi's assistant-request, Retell's and ElevenLabs' webhooks.
@Suite("Voice platform webhooks")
struct PlatformWebhookTests {
    static func retellSignature(_ body: String, key: String, at milliseconds: Int64) -> String {
        let digest = HMAC<SHA256>.authenticationCode(for: Array(body.utf8) + Array(String(milliseconds).utf8), using: SymmetricKey(data: Array(key.utf8)))
        return "v=\(milliseconds),d=" + digest.map { String(format: "%02x", $0) }.joined()
    }

    static func elevenLabsSignature(_ body: String, secret: String, at seconds: Int64) -> String {
        let digest = HMAC<SHA256>.authenticationCode(for: Array("\(seconds).\(body)".utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return "t=\(seconds),v0=" + digest.map { String(format: "%02x", $0) }.joined()
    }

    static let now = Timestamps.parse("2027-03-10T15:00:00Z")!
    static var nowMilliseconds: Int64 { Int64(now.timeIntervalSince1970 * 1000) }

    @Test(arguments: Engine.enabled)
    func agentsKeepPlatformSettingsWithoutShowingSecrets(on engine: Engine) async throws {
        try await withTestApp(engine, clock: ManualClock(Self.now)) { api in
            let b = try await AgentAPITests.business(api)
            let path = "\(b.base)/ai-agents/\(b.agentID)"
            let shown = try await api.call(.get, path, token: b.userToken)
            #expect(shown["has_retell_api_key"]?.bool == false)
            #expect(shown["vapi_assistant_id"] == .null)
            let set = try await api.call(
                .put, path, token: b.userToken,
                json: #"{"vapi_assistant_id": "asst_123", "retell_api_key": "key_retell_secret", "elevenlabs_webhook_secret": "wsec_eleven_labs"}"#)
            #expect(set.status == .ok, "\(set.text)")
            #expect(set["vapi_assistant_id"]?.string == "asst_123")
            #expect(set["has_retell_api_key"]?.bool == true)
            #expect(set["has_elevenlabs_webhook_secret"]?.bool == true)
            #expect(!set.text.contains("key_retell_secret") && !set.text.contains("wsec_eleven_labs"))
            #expect(set["name"]?.string == "Front desk voice")
            let created = try await api.call(
                .post, "\(b.base)/ai-agents", token: b.userToken, json: #"{"name": "Second", "retell_api_key": "key_other_secret"}"#)
            #expect(created["has_retell_api_key"]?.bool == true)
            #expect(!created.text.contains("key_other_secret"))
            let short = try await api.call(.put, path, token: b.userToken, json: #"{"retell_api_key": "short"}"#)
            #expect(short.status == .unprocessableContent)
            let cleared = try await api.call(.put, path, token: b.userToken, json: #"{"elevenlabs_webhook_secret": null}"#)
            #expect(cleared["has_elevenlabs_webhook_secret"]?.bool == false)
            #expect(cleared["has_retell_api_key"]?.bool == true)
            #expect(try await api.call(.put, "\(b.base)/ai-agents/\(UUID().api)", token: b.userToken, json: "{}").status == .notFound)
        }
    }

    @Test(arguments: Engine.enabled)
    func vapiAssistantRequestsGetTheCallersContext(on engine: Engine) async throws {
        try await withTestApp(engine, clock: ManualClock(Self.now)) { api in
            let b = try await AgentAPITests.business(api)
            _ = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Grace Hopper", "phone": "+15550102030"}"#)
            let request = #"{"message": {"type": "assistant-request", "call": {"id": "vapi-in-1", "customer": {"number": "+15550102030"}}, "customer": {"number": "+15550102030"}}}"#
            let unset = try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: request)
            #expect(unset.status == .ok)
            #expect(unset["error"]?.string != nil)
            _ = try await api.call(.put, "\(b.base)/ai-agents/\(b.agentID)", token: b.userToken, json: #"{"vapi_assistant_id": "asst_front_desk"}"#)
            let answer = try await api.call(.post, "/api/internal/ai/vapi", token: b.apiKey, json: request)
            #expect(answer["assistantId"]?.string == "asst_front_desk")
            #expect(answer["assistantOverrides"]?["variableValues"]?["contact"]?["name"]?.string == "Grace Hopper")
            #expect(answer["assistantOverrides"]?["variableValues"]?["business_name"]?.string == "Bright Smiles")
        }
    }

    @Test(arguments: Engine.enabled)
    func retellWebhooksAreVerifiedAndRecordEachCallOnce(on engine: Engine) async throws {
        try await withTestApp(engine, clock: ManualClock(Self.now)) { api in
            let b = try await AgentAPITests.business(api)
            let webhook = "/api/internal/ai/retell/webhook?key=\(b.apiKey)"
            func event(_ name: String, _ callID: String = "retell-call-1") -> String {
                PlatformPayloads.retellCallEvent.replacingOccurrences(of: "{event}", with: name).replacingOccurrences(of: "{callID}", with: callID)
            }
            // Without a key set, the agent's key authenticates; out of order, repeated.
            for name in ["call_started", "call_analyzed", "call_ended", "call_ended", "call_analyzed"] {
                #expect(try await api.call(.post, webhook, json: event(name)).status == .noContent, "\(name)")
            }
            let calls = try await api.call(.get, "\(b.base)/calls", token: b.userToken)
            #expect(calls["total"]?.int == 1)
            #expect(calls["data"]?[0]?["summary"]?.string == "The caller moved a cleaning.")
            #expect(calls["data"]?[0]?["duration_seconds"]?.int == 150)
            #expect(calls["data"]?[0]?["status"]?.string == "completed")
            #expect(calls["data"]?[0]?["recording_url"]?.string == "https://retell-recordings.example/retell-call-1.wav")
            #expect(try await api.recordedEvents().filter { $0.name == "call.completed" }.count == 1)
            // A call that only started records nothing yet.
            #expect(try await api.call(.post, webhook, json: event("call_started", "retell-call-2")).status == .noContent)
            #expect(try await api.call(.get, "\(b.base)/calls", token: b.userToken)["total"]?.int == 1)
            let noAnswer = event("call_ended", "retell-call-2").replacingOccurrences(of: "user_hangup", with: "dial_no_answer")
            #expect(try await api.call(.post, webhook, json: noAnswer).status == .noContent)
            let missed = try await api.call(.get, "\(b.base)/calls?status=missed", token: b.userToken)
            #expect(missed["total"]?.int == 1)

            // With the Retell key set, the signature must match, within 5 minutes.
            _ = try await api.call(.put, "\(b.base)/ai-agents/\(b.agentID)", token: b.userToken, json: #"{"retell_api_key": "key_retell_secret"}"#)
            let body = event("call_ended", "retell-call-3")
            #expect(try await api.call(.post, webhook, json: body).status == .unauthorized)
            let wrong = Self.retellSignature(body, key: "key_other", at: Self.nowMilliseconds)
            #expect(try await api.call(.post, webhook, json: body, headers: [HTTPField.Name("X-Retell-Signature")!: wrong]).status == .unauthorized)
            let stale = Self.retellSignature(body, key: "key_retell_secret", at: Self.nowMilliseconds - 6 * 60 * 1000)
            #expect(try await api.call(.post, webhook, json: body, headers: [HTTPField.Name("X-Retell-Signature")!: stale]).status == .unauthorized)
            #expect(try await api.call(.get, "\(b.base)/calls", token: b.userToken)["total"]?.int == 2)
            let signed = Self.retellSignature(body, key: "key_retell_secret", at: Self.nowMilliseconds - 60_000)
            #expect(try await api.call(.post, webhook, json: body, headers: [HTTPField.Name("X-Retell-Signature")!: signed]).status == .noContent)
            #expect(try await api.call(.get, "\(b.base)/calls", token: b.userToken)["total"]?.int == 3)

            // call_inbound: the caller's variables, all strings.
            let inbound = PlatformPayloads.retellCallInbound
            let inboundSigned = Self.retellSignature(inbound, key: "key_retell_secret", at: Self.nowMilliseconds)
            let variables = try await api.call(.post, webhook, json: inbound, headers: [HTTPField.Name("X-Retell-Signature")!: inboundSigned])
            let dynamic = try #require(variables["call_inbound"]?["dynamic_variables"])
            #expect(dynamic["business_name"]?.string == "Bright Smiles")
            #expect(dynamic["caller_known"]?.string == "yes")
            #expect(dynamic["customer_name"]?.string == "+15550102030")
            #expect(dynamic.keys.allSatisfy { dynamic[$0]?.string != nil })

            let malformed = #"{"event": "call_ended", "call": {"direction": "inbound"}}"#
            let malformedSigned = Self.retellSignature(malformed, key: "key_retell_secret", at: Self.nowMilliseconds)
            let refused = try await api.call(.post, webhook, json: malformed, headers: [HTTPField.Name("X-Retell-Signature")!: malformedSigned])
            #expect(refused.status == .unprocessableContent)
            #expect(!fieldErrors(refused, "call.call_id").isEmpty)
        }
    }

    @Test(arguments: Engine.enabled)
    func elevenLabsPostCallWebhooksAreVerifiedAndRecordedOnce(on engine: Engine) async throws {
        try await withTestApp(engine, clock: ManualClock(Self.now)) { api in
            let b = try await AgentAPITests.business(api)
            _ = try await api.call(.put, "\(b.base)/ai-agents/\(b.agentID)", token: b.userToken, json: #"{"elevenlabs_webhook_secret": "wsec_eleven_labs"}"#)
            let webhook = "/api/internal/ai/elevenlabs/webhook?key=\(b.apiKey)"
            let body = PlatformPayloads.elevenLabsPostCall.replacingOccurrences(of: "{callID}", with: "conv_01")
            let seconds = Int64(Self.now.timeIntervalSince1970) - 600
            let signature: HTTPFields = [HTTPField.Name("ElevenLabs-Signature")!: Self.elevenLabsSignature(body, secret: "wsec_eleven_labs", at: seconds)]
            #expect(try await api.call(.post, webhook, json: body).status == .unauthorized)
            let stale = Self.elevenLabsSignature(body, secret: "wsec_eleven_labs", at: seconds - 30 * 60)
            #expect(try await api.call(.post, webhook, json: body, headers: [HTTPField.Name("ElevenLabs-Signature")!: stale]).status == .unauthorized)
            #expect(try await api.call(.get, "\(b.base)/calls", token: b.userToken)["total"]?.int == 0)
            for _ in 0..<3 { #expect(try await api.call(.post, webhook, json: body, headers: signature).status == .noContent) }
            let calls = try await api.call(.get, "\(b.base)/calls", token: b.userToken)
            #expect(calls["total"]?.int == 1)
            #expect(calls["data"]?[0]?["transcript"]?.string == "agent: Hello, Bright Smiles.\nuser: Do you have anything Friday?")
            #expect(calls["data"]?[0]?["summary"]?.string == "Asked about Friday.")
            #expect(calls["data"]?[0]?["duration_seconds"]?.int == 95)
            let other = #"{"type": "post_call_audio", "data": {}}"#
            let otherSigned: HTTPFields = [HTTPField.Name("ElevenLabs-Signature")!: Self.elevenLabsSignature(other, secret: "wsec_eleven_labs", at: seconds)]
            #expect(try await api.call(.post, webhook, json: other, headers: otherSigned).status == .noContent)
            let missing = #"{"type": "post_call_transcription", "data": {}}"#
            let missingSigned: HTTPFields = [HTTPField.Name("ElevenLabs-Signature")!: Self.elevenLabsSignature(missing, secret: "wsec_eleven_labs", at: seconds)]
            let refused = try await api.call(.post, webhook, json: missing, headers: missingSigned)
            #expect(refused.status == .unprocessableContent)
            #expect(!fieldErrors(refused, "data.conversation_id").isEmpty)
        }
    }
}

extension HTTPField.Name {
    static let mcpProtocolVersion = Self("MCP-Protocol-Version")!
}
