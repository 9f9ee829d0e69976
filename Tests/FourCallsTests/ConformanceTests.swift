import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import FourCalls

/// CONTRACT sections 1 and 9 as a new user's HTTP client meets them: form-encoded query
/// strings, one pagination, dates on the calendar, headers on every response.
@Suite("Conformance")
struct ConformanceTests {
    @Test(arguments: Engine.enabled)
    func queryStringsAreFormDecoded(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let b = try await AgentAPITests.business(api)
            _ = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Ada Lovelace", "phone": "+15551234567", "email": "ada+calls@example.com"}"#)
            _ = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Grace Hopper", "phone": "+15559876543"}"#)
            func names(_ query: String) async throws -> [String] {
                let page = try await api.call(.get, "\(b.base)/contacts?\(query)", token: b.userToken)
                #expect(page.status == .ok, "\(query): \(page.text)")
                return page["data"]?.array?.compactMap { $0["name"]?.string } ?? []
            }
            // What Python's requests and URLSearchParams send for these values.
            #expect(try await names(formEncoded(["search": "Ada Lovelace"])) == ["Ada Lovelace"])
            #expect(try await names(formEncoded(["search": "ada lo"])) == ["Ada Lovelace"])
            #expect(try await names(formEncoded(["search": "+1555123"])) == ["Ada Lovelace"])
            #expect(try await names(formEncoded(["search": "ada+calls@"])) == ["Ada Lovelace"])
            #expect(try await names(formEncoded(["search": "Grace Hopper", "per_page": "5"])) == ["Grace Hopper"])

            let lookup = "/api/internal/ai/crm/\(b.businessID)/customers/lookup"
            for query in [formEncoded(["phone": "+15551234567"]), "phone=+15551234567", formEncoded(["email": "ada+calls@example.com"])] {
                let found = try await api.call(.get, "\(lookup)?\(query)", token: b.agentToken)
                #expect(found["found"]?.bool == true, "\(query): \(found.text)")
                #expect(found["customer"]?["name"]?.string == "Ada Lovelace", "\(query)")
            }
            let unknown = try await api.call(.get, "\(lookup)?\(formEncoded(["email": "ada calls@example.com"]))", token: b.agentToken)
            #expect(unknown["found"]?.bool == false)
        }
    }

    @Test(arguments: Engine.enabled)
    func templateCataloguesArePaginated(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            for catalogue in ["role-templates", "persona-templates"] {
                let all = try await api.call(.get, "/api/coordinator/\(catalogue)", token: token)
                let total = try #require(all["total"]?.int)
                #expect(all["current_page"]?.int == 1 && all["per_page"]?.int == 25 && all["last_page"]?.int == 1)
                #expect(all["data"]?.array?.count == total)
                let second = try await api.call(.get, "/api/coordinator/\(catalogue)?page=2&per_page=2", token: token)
                #expect(second["data"]?.array?.count == 2)
                #expect(second["data"]?[0]?["id"] == all["data"]?[2]?["id"])
                #expect(second["last_page"]?.int == (total + 1) / 2)
                #expect(try await api.call(.get, "/api/coordinator/\(catalogue)?per_page=101", token: token).status == .unprocessableContent)
                #expect(try await api.call(.get, "/api/coordinator/\(catalogue)?page=0", token: token).status == .unprocessableContent)
            }
        }
    }

    @Test(arguments: Engine.enabled)
    func datesOffTheCalendarOrOutOfRangeAre422(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let b = try await AgentAPITests.business(api)
            let contact = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "Ada"}"#)
            func book(_ at: String) async throws -> APIResponse {
                try await api.call(.post, "\(b.base)/appointments", token: b.userToken, json: #"{"contact_id": "\#(contact)", "scheduled_at": "\#(at)"}"#)
            }
            for refused in [
                "2026-02-30T10:00:00Z", "2027-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z", "0000-06-01T10:00:00Z",
                "1899-12-31T10:00:00Z", "9999-06-01T10:00:00Z", "9999-12-31T23:30:00Z", "2026-06-01T24:00:00Z", "2026-06-01T10:60:00Z",
                "2026-06-01T10:00:60Z", "2026-06-01T10:00:00+25:00", "2026-06-01", "2026-06-01T10:00:00",
            ] {
                let response = try await book(refused)
                #expect(response.status == .unprocessableContent, "\(refused): \(response.text)")
                #expect(fieldErrors(response, "scheduled_at").count == 1, "\(refused)")
            }
            for accepted in ["2028-02-29T10:00:00Z", "9998-06-01T10:00:00.5-04:00", "1900-01-01T12:00:00Z"] {
                let response = try await book(accepted)
                #expect(response.status == .created, "\(accepted): \(response.text)")
            }
            for query in ["start_date=2026-02-30", "end_date=1899-12-31", "start_date=9999-01-01", "start_date=2026-1-01"] {
                #expect(try await api.call(.get, "\(b.base)/appointments?\(query)", token: b.userToken).status == .unprocessableContent, "\(query)")
                #expect(try await api.call(.get, "\(b.base)/calls?\(query)", token: b.userToken).status == .unprocessableContent, "\(query)")
            }
            let availability = "/api/internal/ai/calendar/\(b.businessID)/availability"
            #expect(try await api.call(.get, "\(availability)?date=2027-02-29", token: b.agentToken).status == .unprocessableContent)
            #expect(try await api.call(.get, "\(availability)?date=2028-02-29", token: b.agentToken).status == .ok)
        }
    }

    @Test(arguments: Engine.enabled)
    func emailsCompareAfterNFCNormalization(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let composed = "jos\u{E9}@example.com"
            let decomposed = "jose\u{301}@example.com"
            _ = try await api.register(email: composed)
            let twin = try await api.call(.post, "/api/auth/register", json: #"{"name": "Twin", "email": "\#(decomposed)", "password": "correct horse"}"#)
            #expect(twin.status == .unprocessableContent || twin.status == .conflict, "\(twin.text)")
            let login = try await api.call(.post, "/api/auth/login", json: #"{"email": "\#(decomposed.uppercased())", "password": "correct horse"}"#)
            #expect(login.status == .ok, "\(login.text)")

            let b = try await AgentAPITests.business(api)
            _ = try await api.createContact(b.base, token: b.userToken, json: #"{"name": "José", "email": "\#(composed)"}"#)
            let found = try await api.call(.get, "/api/internal/ai/crm/\(b.businessID)/customers/lookup?\(formEncoded(["email": decomposed]))", token: b.agentToken)
            #expect(found["found"]?.bool == true, "\(found.text)")
        }
    }

    @Test(arguments: Engine.enabled)
    func everyResponseCarriesTheSecurityHeaders(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            for response in [
                try await api.call(.get, "/health"), try await api.call(.get, "/api/docs"), try await api.call(.get, "/nowhere"),
                try await api.call(.get, base, token: token), try await api.call(.post, "\(base)/contacts", token: token, json: "{"),
                try await api.call(.patch, base, token: token), try await api.call(.head, "/api/docs/openapi.json"),
            ] {
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            }
            let page = try await api.call(.get, "/api/docs")
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("frame-ancestors 'none'"))
            #expect(policy.contains("default-src 'none'"))
        }
    }

    /// A body with broken chunked framing is the client's 400, not a 500 (over a real socket:
    /// no HTTP client library sends such a body).
    @Test func malformedChunkedBodyIs400() async throws {
        var configuration = AppConfiguration()
        configuration.databaseURL = "sqlite://:memory:"
        configuration.appKey = testAppKey
        configuration.logLevel = .critical
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            for body in ["zz\r\nabc\r\n0\r\n\r\n", "3\r\nabcdef\r\n0\r\n\r\n", "-5\r\nabc\r\n0\r\n\r\n"] {
                let request = "POST /api/auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body
                let answer = try await RawHTTP.exchange(port: port, request)
                #expect(answer.hasPrefix("HTTP/1.1 400"), "\(body.debugDescription): \(answer.prefix(200))")
                #expect(answer.contains(#""code":"BAD_REQUEST""#))
            }
        }
    }

    /// SQLite's search index stays right through deletes, updates, `VACUUM` and renumbered
    /// rowids (which `VACUUM` may do to a table without an INTEGER PRIMARY KEY).
    @Test func sqliteSearchSurvivesDeletesUpdatesAndRenumberedRows() async throws {
        try await withTestApp(.sqlite) { api in
            let (token, base) = try await api.organization()
            var ids: [String: String] = [:]
            for name in ["Alpha Anders", "Bravo Brooks", "Charlie Chaplin", "Delta Dawson", "Echo Evans", "Foxtrot Fisher"] {
                ids[name] = try await api.createContact(base, token: token, json: #"{"name": "\#(name)"}"#)
            }
            #expect(try await api.call(.delete, "\(base)/contacts/\(ids["Bravo Brooks"]!)", token: token).status == .noContent)
            #expect(try await api.call(.delete, "\(base)/contacts/\(ids["Delta Dawson"]!)", token: token).status == .noContent)
            _ = try await api.call(.put, "\(base)/contacts/\(ids["Echo Evans"]!)", token: token, json: #"{"name": "Echo Ellington"}"#)

            let storage = try await openStorage(DatabaseURL(parsing: api.databaseURL), logger: .init(label: "test"))
            try await storage.transaction { db in
                // What VACUUM may do: give the rows new implicit rowids.
                try await db.raw("UPDATE contacts SET rowid = rowid + 1000").run()
                try await db.raw("UPDATE contacts SET rowid = 2000 - rowid").run()
            }
            await storage.shutdown()
            try await SQLiteVacuum.run(api.databaseURL)

            func search(_ text: String) async throws -> [String] {
                let page = try await api.call(.get, "\(base)/contacts?\(formEncoded(["search": text]))", token: token)
                return (page["data"]?.array?.compactMap { $0["name"]?.string } ?? []).sorted()
            }
            #expect(try await search("charlie") == ["Charlie Chaplin"])
            #expect(try await search("brooks") == [])
            #expect(try await search("dawson") == [])
            #expect(try await search("ellington") == ["Echo Ellington"])
            #expect(try await search("evans") == [])
            #expect(try await search("fisher") == ["Foxtrot Fisher"])
            let later = try await api.createContact(base, token: token, json: #"{"name": "Golf Garcia"}"#)
            #expect(try await search("garcia") == ["Golf Garcia"])
            _ = try await api.call(.delete, "\(base)/contacts/\(later)", token: token)
            #expect(try await search("garcia") == [])
            #expect(try await search("alpha") == ["Alpha Anders"])
        }
    }
}

/// `VACUUM` on a test's SQLite file, outside any transaction (as an operator would run it).
enum SQLiteVacuum {
    static func run(_ databaseURL: String) async throws {
        guard case .sqliteFile(let path) = try DatabaseURL(parsing: databaseURL) else { return }
        let script = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('PRAGMA busy_timeout = 60000'); c.execute('VACUUM')"
        let vacuum = try await ChildProcess.run("/usr/bin/env", ["python3", "-c", script, path])
        #expect(vacuum.status == 0, "VACUUM failed after \(vacuum.seconds) s: \(vacuum.errors)")
    }
}
