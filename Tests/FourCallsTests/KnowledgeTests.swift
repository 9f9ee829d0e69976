import Foundation
import Testing
@testable import FourCalls

@Suite("FAQs and polls")
struct KnowledgeTests {
    @Test(arguments: Engine.enabled)
    func faqCrudAndFilters(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let created = try await api.call(
                .post, "\(base)/faqs", token: token,
                json: #"{"question": "What are your hours?", "answer": "Mon-Fri 9 to 5.", "category": "general", "keywords": ["hours", "open"]}"#)
            #expect(created.status == .created)
            #expect(created["keywords"] == .array([.string("hours"), .string("open")]))
            let id = try #require(created["id"]?.string)
            _ = try await api.call(.post, "\(base)/faqs", token: token, json: #"{"question": "Do you take insurance?", "answer": "Most PPO plans.", "category": "billing"}"#)
            #expect(try await api.call(.get, "\(base)/faqs?category=billing", token: token)["total"]?.int == 1)
            #expect(try await api.call(.get, "\(base)/faqs?search=HOURS", token: token)["data"]?[0]?["id"]?.string == id)
            #expect(try await api.call(.get, "\(base)/faqs?search=ppo", token: token)["total"]?.int == 1)
            let updated = try await api.call(.put, "\(base)/faqs/\(id)", token: token, json: #"{"answer": "Mon-Sat 8 to 6."}"#)
            #expect(updated["answer"]?.string == "Mon-Sat 8 to 6.")
            #expect(updated["question"]?.string == "What are your hours?")
            let invalid = try await api.call(.post, "\(base)/faqs", token: token, json: #"{"keywords": "x"}"#)
            #expect(fieldErrors(invalid, "question") == ["The question field is required."])
            #expect(fieldErrors(invalid, "answer") == ["The answer field is required."])
            #expect(!fieldErrors(invalid, "keywords").isEmpty)
            #expect(try await api.call(.delete, "\(base)/faqs/\(id)", token: token).status == .noContent)
            #expect(try await api.call(.get, "\(base)/faqs/\(id)", token: token).status == .notFound)
        }
    }

    @Test(arguments: Engine.enabled)
    func pollCrudAndPermissions(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let created = try await api.call(
                .post, "\(base)/polls", token: token, json: #"{"question": "How did you hear about us?", "options": ["Google", "Friend", "Ad"]}"#)
            #expect(created.status == .created)
            #expect(created["active"]?.bool == true)
            #expect(created["options"]?.array?.count == 3)
            let id = try #require(created["id"]?.string)
            let one = try await api.call(.post, "\(base)/polls", token: token, json: #"{"question": "Q", "options": ["Only"]}"#)
            #expect(fieldErrors(one, "options").count == 1)
            let dup = try await api.call(.post, "\(base)/polls", token: token, json: #"{"question": "Q", "options": ["Yes", "yes"]}"#)
            #expect(fieldErrors(dup, "options").count == 1)
            let inactive = try await api.call(.put, "\(base)/polls/\(id)", token: token, json: #"{"active": false}"#)
            #expect(inactive["active"]?.bool == false)
            #expect(try await api.call(.get, "\(base)/polls?active=true", token: token)["total"]?.int == 0)
            #expect(try await api.call(.get, "\(base)/polls?active=false", token: token)["total"]?.int == 1)
            #expect(try await api.call(.get, "\(base)/polls?active=maybe", token: token).status == .unprocessableContent)

            let (member, _) = try await api.register(email: "member@example.com")
            try await api.addMember(base, adminToken: token, email: "member@example.com", role: "member", inviteeToken: member)
            #expect(try await api.call(.get, "\(base)/polls/\(id)", token: member).status == .ok)
            #expect(try await api.call(.post, "\(base)/polls", token: member, json: #"{"question": "Q", "options": ["a", "b"]}"#).status == .forbidden)
            #expect(try await api.call(.delete, "\(base)/polls/\(id)", token: member).status == .forbidden)
            #expect(try await api.call(.delete, "\(base)/polls/\(id)", token: token).status == .noContent)
        }
    }
}
