import Foundation
import Testing
@testable import FourCalls

/// CONTRACT section 1's text limits on every text field of every create and update: over
/// the limit in characters or in UTF-8 bytes (combining marks), emoji up to the limit, and
/// control characters. Over a limit is a 422 naming the field on both engines, never a 500.
@Suite("Text limits")
struct TextLimitTests {
    enum Kind {
        /// A single-line field of this many characters.
        case line(Int)
        /// A multi-line text of this many UTF-8 bytes.
        case long(Int)
        /// A transcript: 1 MB is past the 1 MiB body limit, so only its characters are probed.
        case transcript
        case email
        /// An array of tags.
        case tags
    }

    /// Values that must be refused, and values that must be taken, for a field of `kind`.
    static func probes(_ kind: Kind, unique: () -> String) -> (refused: [JSONValue], accepted: [JSONValue]) {
        func text(_ value: String) -> JSONValue { .string(value) }
        switch kind {
        case .line(let n):
            return (
                [text(String(repeating: "x", count: n + 1)), text(String(repeating: "e\u{301}\u{301}\u{301}", count: n)),
                 text(String(repeating: "\u{1F600}", count: n + 1)), text("a\u{1}b"), text("a\u{0}b"), text("line\nbreak"), text("a\u{85}b")],
                [text(String(repeating: "\u{1F600}", count: n)), text(String(repeating: "x", count: n) + "   ")])
        case .long(let bytes):
            return (
                [text(String(repeating: "x", count: bytes + 1)), text(String(repeating: "\u{1F600}", count: bytes / 4 + 1)), text("a\u{0}b"),
                 text("a\u{1B}[31m")],
                [text("first line\nsecond\tline\r\n" + String(repeating: "\u{1F600}", count: bytes / 4 - 8))])
        case .transcript:
            return ([text("Agent: hi\u{0}"), text("\u{7}")], [text("Agent: Hello!\nCaller: Hi.")])
        case .email:
            let local = String(repeating: "a", count: 64)
            return (
                [text(local + "@" + String(repeating: "b", count: 186) + ".com"), text("a\u{1}b@example.com"), text(local + "a@example.com")],
                [text("\(unique())@" + String(repeating: "b", count: 150) + ".example.com")])
        case .tags:
            return (
                [.array([text(String(repeating: "t", count: 65))]), .array([text(String(repeating: "e\u{301}\u{301}", count: 64))]),
                 .array([text("tag\u{1}")])],
                [.array([text(String(repeating: "\u{1F600}", count: 64)), text("plain")])])
        }
    }

    struct Resource {
        let name: String
        /// The create endpoint, or nil for a resource that exists already (its `update`).
        let create: String?
        let body: () -> [String: JSONValue]
        let fields: [(String, Kind)]
        /// The path of the created resource for `PUT`, from its id; nil when it has no update.
        let update: ((String) -> String)?
        /// Another caller's token (the AI agent's), instead of the owner's.
        var token: String? = nil
    }

    @Test(arguments: Engine.enabled)
    func everyTextFieldRefusesWhatIsOverItsLimit(on engine: Engine) async throws {
        try await withTestApp(engine, configure: { $0.webhookAllowPrivateNetworks = true }) { api in
            let business = try await AgentAPITests.business(api)
            let (token, base) = (business.userToken, business.base)
            let agentAPI = "/api/internal/ai"
            let (role, persona) = try await CoordinatorTests.templateIDs(api, token: token)
            let contact = try await api.createContact(base, token: token, json: #"{"name": "Ada"}"#)
            let list = try #require(try await api.call(.post, "\(base)/contact-lists", token: token, json: #"{"name": "L"}"#)["id"]?.string)
            var counter = 0
            func unique() -> String {
                counter += 1
                return "u\(counter)"
            }
            func uniquePhone() -> JSONValue {
                counter += 1
                return .string("+1555" + String(format: "%07d", counter))
            }
            var minute = 0
            func nextSlot() -> JSONValue {
                minute += 60
                return .string(Timestamps.formatMilliseconds(Date(timeIntervalSince1970: 1_900_000_000 + Double(minute) * 60)))
            }
            let line = Kind.line(TextLimits.line)
            let long = Kind.long(TextLimits.longTextBytes)
            let resources: [Resource] = [
                Resource(name: "organization", create: "/api/coordinator/organizations", body: { ["name": "Org"] },
                         fields: [("name", line), ("industry", line)], update: { "/api/coordinator/organizations/\($0)" }),
                Resource(name: "contact", create: "\(base)/contacts", body: { ["name": "Ada"] },
                         fields: [("name", line), ("company", line), ("email", .email), ("notes", long), ("tags", .tags)],
                         update: { "\(base)/contacts/\($0)" }),
                Resource(name: "contact list", create: "\(base)/contact-lists", body: { ["name": "List"] },
                         fields: [("name", line), ("description", long)], update: { "\(base)/contact-lists/\($0)" }),
                Resource(name: "appointment type", create: "\(base)/appointment-types", body: { ["name": "Visit", "duration_minutes": 30] },
                         fields: [("name", line)], update: { "\(base)/appointment-types/\($0)" }),
                Resource(name: "appointment", create: "\(base)/appointments",
                         body: { ["contact_id": .string(contact), "scheduled_at": nextSlot()] },
                         fields: [("notes", long)], update: { "\(base)/appointments/\($0)" }),
                Resource(name: "coordinator", create: "\(base)/coordinators",
                         body: { ["role_template_id": .string(role), "persona_template_id": .string(persona), "display_name": "Sarah"] },
                         fields: [("display_name", line), ("voice_id", line), ("custom_greeting", long)],
                         update: { "\(base)/coordinators/\($0)" }),
                Resource(name: "faq", create: "\(base)/faqs", body: { ["question": "Parking?", "answer": "Yes."] },
                         fields: [("question", .line(1000)), ("answer", long), ("category", .line(100))], update: { "\(base)/faqs/\($0)" }),
                Resource(name: "poll", create: "\(base)/polls", body: { ["question": "Rate us?", "options": .array(["good", "bad"])] },
                         fields: [("question", .line(1000))], update: { "\(base)/polls/\($0)" }),
                Resource(name: "webhook", create: "\(base)/webhooks",
                         body: { ["name": "Hook", "url": "http://127.0.0.1:9/hook", "events": ["call.completed"]] },
                         fields: [("name", line)], update: { "\(base)/webhooks/\($0)" }),
                Resource(name: "ai agent", create: "\(base)/ai-agents", body: { ["name": "Desk"] }, fields: [("name", line)], update: nil),
                Resource(name: "campaign", create: "\(base)/campaigns", body: { ["name": "Recall", "contact_list_ids": .array([.string(list)])] },
                         fields: [("name", line), ("description", long), ("script", long)], update: { "\(base)/campaigns/\($0)" }),
                Resource(name: "call", create: "\(base)/calls", body: { ["direction": "inbound", "status": "completed"] },
                         fields: [("summary", long), ("outcome", line), ("transcript", .transcript)], update: nil),
                Resource(name: "token", create: "/api/auth/tokens", body: { ["name": "ci"] }, fields: [("name", line)], update: nil),
                Resource(name: "lead", create: "\(agentAPI)/crm/\(business.businessID)/leads",
                         body: { ["name": "Lead", "phone": uniquePhone()] },
                         fields: [("name", line), ("company", line), ("notes", long), ("email", .email)], update: nil,
                         token: business.agentToken),
                Resource(name: "interaction", create: "\(agentAPI)/interactions/\(business.businessID)", body: { ["interaction_type": "call"] },
                         fields: [("interaction_type", .line(50)), ("summary", long), ("outcome", line), ("transcript", .transcript)],
                         update: nil, token: business.agentToken),
            ]
            var probed = 0
            for resource in resources {
                guard let create = resource.create else { continue }
                var createdID: String?
                for (field, kind) in resource.fields {
                    let (refused, accepted) = Self.probes(kind, unique: unique)
                    for value in refused {
                        var body = resource.body()
                        body[field] = value
                        let response = try await api.call(.post, create, token: resource.token ?? token, json: JSONValue.object(body).jsonText())
                        #expect(response.status == .unprocessableContent, "\(resource.name).\(field) create: \(response.status) \(response.text.prefix(200))")
                        #expect(response.json["errors"]?.keys.contains(where: { $0 == field || $0.hasPrefix(field + ".") }) == true,
                                "\(resource.name).\(field): \(response.text.prefix(200))")
                        if let update = resource.update, let id = createdID {
                            let updated = try await api.call(.put, update(id), token: token, json: JSONValue.object([field: value]).jsonText())
                            #expect(updated.status == .unprocessableContent, "\(resource.name).\(field) update: \(updated.status) \(updated.text.prefix(200))")
                        }
                        probed += 1
                    }
                    for value in accepted {
                        var body = resource.body()
                        body[field] = value
                        let response = try await api.call(.post, create, token: resource.token ?? token, json: JSONValue.object(body).jsonText())
                        #expect(response.status == .created, "\(resource.name).\(field) create: \(response.status) \(response.text.prefix(300))")
                        createdID = createdID ?? response["id"]?.string
                        if let update = resource.update, let id = createdID {
                            var change: [String: JSONValue] = [field: value]
                            if case .email = kind { change[field] = .string("\(unique())@example.com") }
                            let updated = try await api.call(.put, update(id), token: token, json: JSONValue.object(change).jsonText())
                            #expect(updated.status == .ok, "\(resource.name).\(field) update: \(updated.status) \(updated.text.prefix(300))")
                        }
                    }
                }
                // The refused updates above ran once an accepted create gave an id; run them
                // again now that every resource has one.
                if let update = resource.update, let id = createdID {
                    for (field, kind) in resource.fields {
                        for value in Self.probes(kind, unique: unique).refused {
                            let updated = try await api.call(.put, update(id), token: token, json: JSONValue.object([field: value]).jsonText())
                            #expect(updated.status == .unprocessableContent, "\(resource.name).\(field) update: \(updated.status)")
                        }
                    }
                }
            }
            #expect(probed > 100)

            // Registration and passwords: 8 characters to 72 UTF-8 bytes, no control characters.
            for (name, email, password) in [
                (String(repeating: "n", count: 256), "r1@example.com", "correct horse"),
                ("Ann", "r2@example.com", String(repeating: "\u{E9}", count: 37)),
                ("Ann", "r3@example.com", "correct\u{0}horse"),
                ("Ann", String(repeating: "a", count: 250) + "@example.com", "correct horse"),
            ] {
                let body = JSONValue.object(["name": .string(name), "email": .string(email), "password": .string(password)]).jsonText()
                let response = try await api.call(.post, "/api/auth/register", json: body)
                #expect(response.status == .unprocessableContent, "\(response.text.prefix(200))")
            }
            let fits = JSONValue.object(["name": "Ann", "email": "r5@example.com", "password": .string(String(repeating: "\u{E9}", count: 36))])
            #expect(try await api.call(.post, "/api/auth/register", json: fits.jsonText()).status == .created)

            // Indexed copies of metadata and the CSV import follow the same limits.
            let longSource = JSONValue.object(["name": "A", "metadata": .object(["source_id": .string(String(repeating: "s", count: 3000))])])
            let refused = try await api.call(.post, "\(base)/contacts", token: token, json: longSource.jsonText())
            #expect(refused.status == .unprocessableContent)
            #expect(fieldErrors(refused, "metadata.source_id").count == 1)
            let csv = "name,email,tags\n\(String(repeating: "n", count: 300)),a@example.com,x\nOk,b@example.com,\(String(repeating: "t", count: 70))\nFine,c@example.com,ok\n"
            let report = try await api.call(.post, "\(base)/contacts/import", token: token, json: csv, headers: [.contentType: "text/csv"])
            #expect(report.status == .ok, "\(report.text)")
            #expect(report["created"]?.int == 1)
            #expect(report["failed"]?.int == 2)
        }
    }
}
