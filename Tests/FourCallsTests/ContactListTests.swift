import Foundation
import Testing
@testable import FourCalls

@Suite("Contact lists")
struct ContactListTests {
    @Test(arguments: Engine.enabled)
    func listsHoldTheOrganizationsContacts(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let a = try await api.createContact(base, token: token, json: #"{"name": "A"}"#)
            let b = try await api.createContact(base, token: token, json: #"{"name": "B"}"#)
            let (otherToken, otherBase) = try await api.organization()
            let foreign = try await api.createContact(otherBase, token: otherToken, json: #"{"name": "F"}"#)

            let created = try await api.call(.post, "\(base)/contact-lists", token: token, json: #"{"name": "Q1 leads", "description": "From the fair"}"#)
            #expect(created.status == .created)
            #expect(created["contact_count"]?.int == 0)
            let id = try #require(created["id"]?.string)
            let added = try await api.call(.post, "\(base)/contact-lists/\(id)/contacts", token: token, json: #"{"contact_ids": ["\#(a)", "\#(b)", "\#(a)"]}"#)
            #expect(added.status == .ok)
            #expect(added["contact_count"]?.int == 2)
            let refused = try await api.call(.post, "\(base)/contact-lists/\(id)/contacts", token: token, json: #"{"contact_ids": ["\#(b)", "\#(foreign)"]}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(fieldErrors(refused, "contact_ids.1").count == 1)
            let members = try await api.call(.get, "\(base)/contact-lists/\(id)/contacts", token: token)
            #expect(members["data"]?.array?.compactMap { $0["name"]?.string } == ["A", "B"])
            let removed = try await api.call(.delete, "\(base)/contact-lists/\(id)/contacts", token: token, json: #"{"contact_ids": ["\#(a)"]}"#)
            #expect(removed["contact_count"]?.int == 1)
            let index = try await api.call(.get, "\(base)/contact-lists", token: token)
            #expect(index["data"]?[0]?["contact_count"]?.int == 1)
            let renamed = try await api.call(.put, "\(base)/contact-lists/\(id)", token: token, json: #"{"name": "Q2 leads", "description": null}"#)
            #expect(renamed["name"]?.string == "Q2 leads")
            #expect(renamed["description"] == .null)
            #expect(try await api.call(.get, "\(otherBase)/contact-lists/\(id)", token: otherToken).status == .notFound)
            _ = try await api.call(.delete, "\(base)/contacts/\(b)", token: token)
            #expect(try await api.call(.get, "\(base)/contact-lists/\(id)", token: token)["contact_count"]?.int == 0)
            #expect(try await api.call(.delete, "\(base)/contact-lists/\(id)", token: token).status == .noContent)
            #expect(try await api.call(.get, "\(base)/contact-lists/\(id)", token: token).status == .notFound)
        }
    }
}
