import Foundation
import SQLKit
import Testing
@testable import FourCalls

@Suite("Contacts")
struct ContactTests {
    /// Tag lists come from the database as JSON arrays (`json_group_array`, `json_agg`);
    /// those without escapes are split by hand, the others decoded. Both must agree with a
    /// JSON decoder, and sort.
    @Test
    func tagListsReadAsAJSONDecoderReadsThem() throws {
        var random = JSONWriterTests.Seeded(state: 4)
        let lists: [[String]] = [[], [""], ["one"], ["b", "a"], ["a b", "", "é☎", "Z", "z"], ["with \"quote\""], ["back\\slash", "x"]]
            + (0..<300).map { _ in (0..<Int.random(in: 0...4, using: &random)).map { _ in JSONWriterTests.randomString(&random, maxLength: 6) } }
        for list in lists {
            for text in [String(decoding: try JSONEncoder().encode(list), as: UTF8.self), "[" + list.map { "\"\($0)\"" }.joined(separator: ",") + "]"]
            where (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) != nil {
                let expected = try JSONDecoder().decode([String].self, from: Data(text.utf8)).sorted()
                #expect(try TaggedContact.sortedStrings(inJSONArray: text) == expected, "\(text)")
            }
        }
    }

    @Test(arguments: Engine.enabled)
    func guideExampleCreatesAndEmitsEvent(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let response = try await api.call(
                .post, "\(base)/contacts", token: token,
                json: """
                    {"name": "John Doe", "email": "john@example.com", "phone": "+1234567890", "company": "Acme Corp",
                     "tags": ["client", "priority"], "metadata": {"source": "external_app", "source_id": "contact_123"}}
                    """)
            #expect(response.status == .created)
            #expect(response["name"]?.string == "John Doe")
            #expect(response["email"]?.string == "john@example.com")
            #expect(response["phone"]?.string == "+1234567890")
            #expect(response["company"]?.string == "Acme Corp")
            #expect(response["tags"] == .array([.string("client"), .string("priority")]))
            #expect(response["status"]?.string == "active")
            #expect(response["metadata"]?["source_id"]?.string == "contact_123")
            let events = try await api.recordedEvents()
            #expect(events.map(\.name) == ["organization.created", "contact.created"])
            #expect(events.last?.data["id"] == response["id"])
            #expect(events.last?.data["phone"]?.string == "+1234567890")
        }
    }

    @Test(arguments: Engine.enabled)
    func phonesAreNormalizedWithTheOrganizationsCountryCode(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let cases: [(String, String)] = [
                ("(234) 567-8901", "+12345678901"), ("234.567.8901", "+12345678901"), ("1 234 567 8901", "+12345678901"),
                ("+44 20 7946 0958", "+442079460958"), ("0044 20 7946 0958", "+442079460958"), ("+1234567890", "+1234567890"),
            ]
            for (written, stored) in cases {
                let response = try await api.call(.post, "\(base)/contacts", token: token, json: #"{"name": "P", "phone": "\#(written)"}"#)
                #expect(response["phone"]?.string == stored, "\(written)")
            }
            let (ukToken, ukBase) = try await api.organization(json: #"{"name": "London Clinic", "country_code": "44"}"#)
            let uk = try await api.call(.post, "\(ukBase)/contacts", token: ukToken, json: #"{"name": "P", "phone": "20 7946 0958"}"#)
            #expect(uk["phone"]?.string == "+442079460958")
            for bad in ["12", "call me", "+1 234", "+1234567890123456"] {
                let response = try await api.call(.post, "\(base)/contacts", token: token, json: #"{"name": "P", "phone": "\#(bad)"}"#)
                #expect(response.status == .unprocessableContent, "\(bad)")
                #expect(fieldErrors(response, "phone").count == 1)
            }
        }
    }

    @Test(arguments: Engine.enabled)
    func createValidates(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let response = try await api.call(
                .post, "\(base)/contacts", token: token,
                json: #"{"email": "nope", "timezone": "Nowhere/City", "status": "vip", "tags": "client", "metadata": 3}"#)
            #expect(response.status == .unprocessableContent)
            #expect(fieldErrors(response, "name") == ["The name field is required."])
            #expect(fieldErrors(response, "email") == ["The email field must be a valid email address."])
            #expect(fieldErrors(response, "timezone").count == 1)
            #expect(fieldErrors(response, "status").count == 1)
            #expect(fieldErrors(response, "tags") == ["The tags field must be an array."])
            #expect(fieldErrors(response, "metadata") == ["The metadata field must be an object."])
            let list = try await api.call(.get, "\(base)/contacts", token: token)
            #expect(list["total"]?.int == 0)
        }
    }

    /// Every read returns a contact's tags from the same query as the contact (a JSON array
    /// column): tags with quotes, backslashes, spaces and non-ASCII text survive each of them.
    @Test(arguments: Engine.enabled)
    func tagsReadBackThroughEveryRead(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let b = try await AgentAPITests.business(api)
            // (Control characters, a tab included, are refused in tags: TextLimitTests.)
            let tags = ["zeta", "Zed", #"a "quoted" tag"#, #"back\slash"#, "ünïcode ☎", "vip client", "slash/tag\u{2028}line"]
            let body = JSONValue.object(
                ["name": .string("Tag Person"), "phone": .string("+15557770001"), "tags": .array(tags.map(JSONValue.string))]).jsonText()
            let created = try await api.call(.post, "\(b.base)/contacts", token: b.userToken, json: body)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created["id"]?.string)
            let plain = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "No Tags", "phone": "+15557770002"}"#)
            let shown = try await api.call(.get, "\(b.base)/contacts/\(id)", token: b.userToken)["tags"]
            // In Swift's order (code points) on both engines, whatever the database's collation.
            #expect(shown?.array?.compactMap(\.string) == tags.sorted())
            let listed = try await api.call(.get, "\(b.base)/contacts", token: b.userToken)["data"]?.array ?? []
            #expect(listed.map { $0["tags"] } == [shown, .array([])])
            let searched = try await api.call(.get, "\(b.base)/contacts?search=tag%20per", token: b.userToken)
            #expect(searched["data"]?.array?.map { $0["tags"] } == [shown])
            let found = try await api.call(.get, "/api/internal/ai/crm/\(b.businessID)/customers/lookup?phone=5557770001", token: b.agentToken)
            #expect(found["customer"]?["tags"] == shown)
            #expect(try await api.call(.get, "\(b.base)/contacts/\(plain)", token: b.userToken)["tags"] == .array([]))
            let updated = try await api.call(.put, "\(b.base)/contacts/\(id)", token: b.userToken, json: #"{"company": "Tagged Inc"}"#)
            #expect(updated["tags"] == shown, "\(updated.text)")
            let list = try await api.call(.post, "\(b.base)/contact-lists", token: b.userToken, json: #"{"name": "All"}"#)
            let listID = try #require(list["id"]?.string)
            _ = try await api.call(.post, "\(b.base)/contact-lists/\(listID)/contacts", token: b.userToken, json: #"{"contact_ids": ["\#(id)"]}"#)
            let members = try await api.call(.get, "\(b.base)/contact-lists/\(listID)/contacts", token: b.userToken)
            #expect(members["data"]?.array?.map { $0["tags"] } == [shown], "\(members.text)")
            // A search's total comes with its page; past the last page it is counted on its own.
            let beyond = try await api.call(.get, "\(b.base)/contacts?search=5557770&per_page=1&page=5", token: b.userToken)
            #expect(beyond["data"]?.array?.isEmpty == true)
            #expect(beyond["total"]?.int == 2)
            let first = try await api.call(.get, "\(b.base)/contacts?search=5557770&per_page=1", token: b.userToken)
            #expect(first["total"]?.int == 2)
            #expect(first["last_page"]?.int == 2)
        }
    }

    /// A search of several words is the whole text as a substring, even where PostgreSQL's
    /// index looks up only its word with digits (`ContactRepository.indexKey`).
    @Test(arguments: Engine.enabled)
    func searchOfSeveralWordsMatchesTheWholeText(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            var id: [String: String] = [:]
            for (name, phone) in [
                ("Person 4242", "+15550000001"), ("Another Person 42421", "+15550000002"), ("Other 4242", "+15550000003"),
                ("Person 424", "+15550000004"), ("Zed", "+15554242000"), ("Lot 4242 77", "+15550000005"),
            ] {
                id[name] = try await api.createContact(base, token: token, json: #"{"name": "\#(name)", "phone": "\#(phone)"}"#)
            }
            func names(_ search: String) async throws -> Set<String> {
                let response = try await api.call(.get, "\(base)/contacts?search=\(search)&per_page=100", token: token)
                #expect(response.status == .ok, "\(search): \(response.text)")
                let found = Set(response["data"]?.array?.compactMap { $0["id"]?.string } ?? [])
                return Set(id.filter { found.contains($0.value) }.keys)
            }
            // The phone matches on the search's digits, as for any search.
            #expect(try await names("person%204242") == ["Person 4242", "Another Person 42421", "Zed"])
            #expect(try await names("PERSON%20424") == ["Person 4242", "Another Person 42421", "Person 424", "Zed"])
            #expect(try await names("4242%2077") == ["Lot 4242 77"])
            #expect(try await names("other%204242") == ["Other 4242", "Zed"])
        }
    }

    @Test(arguments: Engine.enabled)
    func listFiltersBySearchTagsStatusAndSource(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let ada = try await api.createContact(base, token: token, json: #"{"name": "Ada Lovelace", "email": "ada@math.org", "phone": "+15551230001", "tags": ["vip", "math"], "metadata": {"source": "hubspot", "source_id": "h-1"}}"#)
            let grace = try await api.createContact(base, token: token, json: #"{"name": "Grace Hopper", "email": "grace@navy.mil", "phone": "+15551230002", "tags": ["vip"], "status": "do_not_contact", "metadata": {"source": "salesforce", "source_id": "h-1"}}"#)
            let alan = try await api.createContact(base, token: token, json: #"{"name": "Alan Turing", "email": "alan@bletchley.uk", "tags": ["math"]}"#)

            func ids(_ query: String) async throws -> [String] {
                let response = try await api.call(.get, "\(base)/contacts?\(query)", token: token)
                #expect(response.status == .ok, "\(query): \(response.text)")
                return response["data"]?.array?.compactMap { $0["id"]?.string } ?? []
            }
            #expect(try await ids("search=LOVE") == [ada])
            #expect(try await ids("search=navy.MIL") == [grace])
            #expect(try await ids("search=555-123-0002") == [grace])
            #expect(try await ids("search=a") == [ada, grace, alan])
            #expect(try await ids("search=%25") == [])
            // Substrings anywhere, quotes and renamed contacts (the search index follows edits and deletes).
            #expect(try await ids("search=ce%20hop") == [grace])
            #expect(try await ids("search=%22ada%22") == [])
            #expect(try await ids("search=bletch") == [alan])
            #expect(try await ids("search=0001") == [ada])
            #expect(try await ids("search=ad") == [ada])
            _ = try await api.call(.put, "\(base)/contacts/\(alan)", token: token, json: #"{"name": "Alan M. Turing", "email": "alan@manchester.ac.uk"}"#)
            #expect(try await ids("search=bletch") == [])
            #expect(try await ids("search=manchester") == [alan])
            #expect(try await ids("search=m.%20tur") == [alan])
            #expect(try await ids("tags=vip") == [ada, grace])
            #expect(try await ids("tags=vip,math") == [ada])
            #expect(try await ids("tags=math&search=turing") == [alan])
            #expect(try await ids("status=do_not_contact") == [grace])
            #expect(try await ids("source_id=h-1") == [ada, grace])
            #expect(try await ids("source_id=h-1&source=hubspot") == [ada])
            #expect(try await ids("per_page=2&page=2") == [alan])
            #expect(try await api.call(.delete, "\(base)/contacts/\(alan)", token: token).status == .noContent)
            #expect(try await ids("search=manchester") == [])
            let bad = try await api.call(.get, "\(base)/contacts?status=vip", token: token)
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test(arguments: Engine.enabled)
    func showUpdateDelete(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let id = try await api.createContact(base, token: token, json: #"{"name": "John Doe", "email": "john@example.com", "tags": ["a", "b"], "company": "Acme"}"#)
            let updated = try await api.call(
                .put, "\(base)/contacts/\(id)", token: token, json: #"{"phone": "(555) 123-4567", "tags": ["c"], "company": null}"#)
            #expect(updated.status == .ok)
            #expect(updated["name"]?.string == "John Doe")
            #expect(updated["email"]?.string == "john@example.com")
            #expect(updated["phone"]?.string == "+15551234567")
            #expect(updated["tags"] == .array([.string("c")]))
            #expect(updated["company"] == .null)
            let shown = try await api.call(.get, "\(base)/contacts/\(id)", token: token)
            #expect(shown.json == updated.json)
            let events = try await api.recordedEvents().map(\.name)
            #expect(events.suffix(2) == ["contact.created", "contact.updated"])

            #expect(try await api.call(.delete, "\(base)/contacts/\(id)", token: token).status == .noContent)
            let gone = try await api.call(.get, "\(base)/contacts/\(id)", token: token)
            #expect(gone.status == .notFound)
            #expect(gone["code"]?.string == "NOT_FOUND")
            #expect(try await api.call(.delete, "\(base)/contacts/\(id)", token: token).status == .notFound)
        }
    }

    @Test(arguments: Engine.enabled)
    func contactsOfAnotherOrganizationAreInvisible(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let (otherToken, otherBase) = try await api.organization()
            let theirs = try await api.createContact(otherBase, token: otherToken, json: #"{"name": "Secret"}"#)
            #expect(try await api.call(.get, "\(base)/contacts/\(theirs)", token: token).status == .notFound)
            #expect(try await api.call(.put, "\(base)/contacts/\(theirs)", token: token, json: #"{"name": "x"}"#).status == .notFound)
            let bulk = try await api.call(.post, "\(base)/contacts/bulk-delete", token: token, json: #"{"contact_ids": ["\#(theirs)"]}"#)
            #expect(bulk["deleted"]?.int == 0)
            #expect(try await api.call(.get, "\(otherBase)/contacts/\(theirs)", token: otherToken).status == .ok)
            #expect(try await api.call(.get, "\(otherBase)/contacts", token: token).status == .notFound)
        }
    }

    /// Tags are kept twice (`contact_tags`, and the contact's `tag_list` every read shows):
    /// requests adding tags to the same contacts at once each see the others' committed tags,
    /// so the contacts end with every tag, in every read.
    @Test(arguments: Engine.enabled)
    func tagsAddedAtOnceAllShow(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let a = try await api.createContact(base, token: token, json: #"{"name": "Tagged Twice", "tags": ["first"]}"#)
            let b = try await api.createContact(base, token: token, json: #"{"name": "Tagged Again"}"#)
            let added = (1...8).map { "t\($0)" }
            try await withThrowingTaskGroup(of: Int?.self) { group in
                for tag in added {
                    group.addTask {
                        try await api.call(.post, "\(base)/contacts/bulk-tag", token: token, json: #"{"contact_ids": ["\#(a)", "\#(b)"], "tags": ["\#(tag)"]}"#)["updated"]?.int
                    }
                }
                for try await updated in group { #expect(updated == 2) }
            }
            let all = (["first"] + added).sorted()
            #expect(try await api.call(.get, "\(base)/contacts/\(a)", token: token)["tags"]?.array?.compactMap(\.string) == all)
            #expect(try await api.call(.get, "\(base)/contacts/\(b)", token: token)["tags"]?.array?.compactMap(\.string) == added.sorted())
            let searched = try await api.call(.get, "\(base)/contacts?search=tagged", token: token)
            #expect(searched["data"]?.array?.map { $0["tags"]?.array?.compactMap(\.string) ?? [] } == [all, added.sorted()])
            let untagged = try await api.call(.post, "\(base)/contacts/bulk-untag", token: token, json: #"{"contact_ids": ["\#(a)", "\#(b)"], "tags": ["t1", "first"]}"#)
            #expect(untagged["updated"]?.int == 2)
            let filtered = try await api.call(.get, "\(base)/contacts?tags=t2", token: token)
            #expect(filtered["data"]?.array?.map { $0["tags"]?.array?.compactMap(\.string) ?? [] } == [Array(added.dropFirst()), Array(added.dropFirst())])
        }
    }

    @Test(arguments: Engine.enabled)
    func bulkTagUntagDelete(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let a = try await api.createContact(base, token: token, json: #"{"name": "A", "tags": ["old"]}"#)
            let b = try await api.createContact(base, token: token, json: #"{"name": "B"}"#)
            let c = try await api.createContact(base, token: token, json: #"{"name": "C"}"#)
            let tagged = try await api.call(
                .post, "\(base)/contacts/bulk-tag", token: token,
                json: #"{"contact_ids": ["\#(a)", "\#(b)", "\#(UUID().api)"], "tags": ["tag1", "tag2"]}"#)
            #expect(tagged.status == .ok)
            #expect(tagged.json == .object(["updated": .int(2)]))
            #expect(try await api.call(.get, "\(base)/contacts/\(a)", token: token)["tags"] == .array(["old", "tag1", "tag2"].map(JSONValue.string)))
            let untagged = try await api.call(.post, "\(base)/contacts/bulk-untag", token: token, json: #"{"contact_ids": ["\#(a)"], "tags": ["tag1", "old"]}"#)
            #expect(untagged["updated"]?.int == 1)
            #expect(try await api.call(.get, "\(base)/contacts/\(a)", token: token)["tags"] == .array([.string("tag2")]))
            let invalid = try await api.call(.post, "\(base)/contacts/bulk-tag", token: token, json: #"{"contact_ids": ["nope"], "tags": []}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(fieldErrors(invalid, "contact_ids.0").count == 1)
            #expect(fieldErrors(invalid, "tags").count == 1)
            let deleted = try await api.call(.post, "\(base)/contacts/bulk-delete", token: token, json: #"{"contact_ids": ["\#(a)", "\#(c)"]}"#)
            #expect(deleted.json == .object(["deleted": .int(2)]))
            let list = try await api.call(.get, "\(base)/contacts", token: token)
            #expect(list["data"]?.array?.compactMap { $0["id"]?.string } == [b])
            let events = try await api.recordedEvents().map(\.name)
            #expect(events.filter { $0 == "contact.updated" }.count == 3)
        }
    }

    @Test(arguments: Engine.enabled)
    func csvImportUpsertsAndReportsBadRows(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let existing = try await api.createContact(base, token: token, json: #"{"name": "John Doe", "email": "john@example.com", "tags": ["client"]}"#)
            let csv = #"""
                name,email,phone,company,tags
                Jane Roe,jane@example.com,(234) 567-8901,Roe LLC,"vip;new"
                ,nobody@example.com,,,
                John D.,JOHN@example.com,,Acme,returning
                "Smith, Anna",,+44 20 7946 0958,"Quote ""Inc""",
                Bad Phone,bad@example.com,12,,
                Jane Again,,234-567-8901,,

                """#
            let response = try await api.call(.post, "\(base)/contacts/import", token: token, json: csv, headers: [.contentType: "text/csv"])
            #expect(response.status == .ok)
            #expect(response["created"]?.int == 2)
            #expect(response["updated"]?.int == 2)
            #expect(response["failed"]?.int == 2)
            #expect(response["errors"]?.array?.compactMap { $0["row"]?.int } == [3, 6])
            #expect(response["errors"]?[0]?["errors"]?["name"]?[0]?.string == "The name field is required.")
            #expect(response["errors"]?[1]?["errors"]?["phone"] != nil)

            let john = try await api.call(.get, "\(base)/contacts/\(existing)", token: token)
            #expect(john["name"]?.string == "John D.")
            #expect(john["company"]?.string == "Acme")
            #expect(john["tags"] == .array([.string("client"), .string("returning")]))
            let jane = try await api.call(.get, "\(base)/contacts?search=jane", token: token)
            #expect(jane["total"]?.int == 1)
            #expect(jane["data"]?[0]?["name"]?.string == "Jane Again")
            #expect(jane["data"]?[0]?["tags"] == .array([.string("new"), .string("vip")]))
            let anna = try await api.call(.get, "\(base)/contacts?search=anna", token: token)
            #expect(anna["data"]?[0]?["name"]?.string == "Smith, Anna")
            #expect(anna["data"]?[0]?["company"]?.string == #"Quote "Inc""#)
            #expect(try await api.call(.get, "\(base)/contacts", token: token)["total"]?.int == 3)

            let json = try await api.call(.post, "\(base)/contacts/import", token: token, json: "{}")
            #expect(json.status == .badRequest)
            let noHeader = try await api.call(.post, "\(base)/contacts/import", token: token, json: "email\nx@y.com\n", headers: [.contentType: "text/csv"])
            #expect(noHeader.status == .unprocessableContent)
        }
    }

    @Test(arguments: Engine.enabled)
    func viewersCannotWriteContacts(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let (viewer, _) = try await api.register(email: "viewer@example.com")
            try await api.addMember(base, adminToken: token, email: "viewer@example.com", role: "viewer", inviteeToken: viewer)
            #expect(try await api.call(.get, "\(base)/contacts", token: viewer).status == .ok)
            let write = try await api.call(.post, "\(base)/contacts", token: viewer, json: #"{"name": "X"}"#)
            #expect(write.status == .forbidden)
            let importing = try await api.call(.post, "\(base)/contacts/import", token: viewer, json: "name\nX\n", headers: [.contentType: "text/csv"])
            #expect(importing.status == .forbidden)
        }
    }

    /// PostgreSQL answers a contact search from its trigram indexes (migration 16, stack
    /// notes §14): with sequential scans off, the plan of the search's own SQL names them.
    @Test("PostgreSQL searches contacts through the trigram indexes", .enabled(if: Engine.postgresURL != nil))
    func postgresSearchUsesTrigramIndexes() async throws {
        try await withTestApp(.postgres) { api in
            let (token, base) = try await api.organization()
            _ = try await api.createContact(base, token: token, json: #"{"name": "Kenji Tanaka", "email": "kenji@example.com", "phone": "+15550104567"}"#)
            let found = try await api.call(.get, "\(base)/contacts?search=tanak", token: token)
            #expect(found["total"]?.int == 1)
            let storage = try await openStorage(DatabaseURL(parsing: api.databaseURL), logger: .init(label: "test"))
            let services = Task {
                try await withThrowingDiscardingTaskGroup { group in
                    for service in storage.services { group.addTask { try await service.run() } }
                }
            }
            defer { services.cancel() }
            let plan = try await storage.transaction { db in
                try await db.raw("SET LOCAL enable_seqscan = off").run()
                let organizationID = try #require(UUID(uuidString: String(base.split(separator: "/").last ?? "")))
                let listed = try await ContactRepository(db: db).list(
                    organizationID: organizationID, filter: ContactFilter(search: "tanak"), page: PageRequest())
                #expect(listed.total == 1)
                let rows = try await db.raw(
                    """
                    EXPLAIN SELECT id FROM contacts
                    WHERE name_search LIKE '%tanak%' OR LOWER(email_normalized) LIKE '%tanak%' OR LOWER(phone) LIKE '%4567%'
                    """
                ).all()
                return try rows.map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
            }
            #expect(plan.contains("contacts_name_trgm"), "\(plan)")
            #expect(plan.contains("contacts_email_trgm"), "\(plan)")
            #expect(plan.contains("contacts_phone_trgm"), "\(plan)")
            // Equality lookups (an import's chunk of e-mails) never take a trigram index: GIN
            // answers `=` as well, at seconds per chunk when every e-mail shares trigrams.
            let lookup = try await storage.transaction { db in
                let emails = (0..<500).map { "'p\($0)@example.com'" }.joined(separator: ",")
                let rows = try await db.raw(SQLQueryString("EXPLAIN SELECT id FROM contacts WHERE email_normalized IN (\(unsafeRaw: emails))")).all()
                return try rows.map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
            }
            #expect(!lookup.contains("_trgm"), "\(lookup)")
            // Their pending lists, which every search reads through, merge at 256 kB (migration 19),
            // and the import's closing refresh merges them at once without failing.
            let limits = try await storage.read { db in
                try await db.raw(
                    "SELECT relname, array_to_string(reloptions, ',') AS options FROM pg_class WHERE relname LIKE 'contacts_%_trgm' ORDER BY relname"
                ).all().map { "\(try $0.decode(column: "relname", as: String.self)) \(try $0.decode(column: "options", as: String?.self) ?? "")" }
            }
            #expect(limits == ["contacts_email_trgm gin_pending_list_limit=256", "contacts_name_trgm gin_pending_list_limit=256", "contacts_phone_trgm gin_pending_list_limit=256"])
            try await storage.read { db in try await ContactRepository(db: db).refreshStatistics() }
            await storage.shutdown()
        }
    }
}
