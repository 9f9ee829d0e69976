import Foundation
import Hummingbird
import Logging
import Testing
@testable import FourCalls

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// What the document says of each operation's rate limit is the server's: the setting it
    /// names is declared, its limit is that setting's default, and an operation is `bulk`
    /// exactly when the server counts it so (`RateLimitTier.isBulk`).
    @Test func rateLimitsAreTheServers() throws {
        let document = JSONValue.parse(String(decoding: OpenAPIDocument.bytes, as: UTF8.self))
        guard case .object(let paths)? = document["paths"] else { throw ContractCheckTests.TestFailure("no paths") }
        let defaults = Dictionary(uniqueKeysWithValues: Setting.all.map { ($0.name, $0.defaultText) })
        let settings = ["standard": "RATE_LIMIT_STANDARD", "bulk": "RATE_LIMIT_BULK", "agent": "RATE_LIMIT_AI", "auth": "RATE_LIMIT_AUTH"]
        var checked = 0
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                guard let limit = item[method]?["x-rate-limit"] else { continue }
                checked += 1
                let tier = try #require(limit["tier"]?.string, "\(method) \(path)")
                let setting = try #require(limit["setting"]?.string, "\(method) \(path)")
                #expect(settings[tier] == setting, "\(method) \(path): \(tier) is counted against \(settings[tier] ?? "nothing")")
                #expect(limit["limit"]?.int.map(String.init) == defaults[setting], "\(method) \(path): \(setting)'s default")
                let request = Request(
                    head: HTTPRequest(method: HTTPRequest.Method(rawValue: method.uppercased()) ?? .get, scheme: "http", authority: "localhost", path: path),
                    body: RequestBody(buffer: ByteBuffer()))
                if ["standard", "bulk"].contains(tier) {
                    #expect((tier == "bulk") == RateLimitTier.isBulk(request), "\(method) \(path) is documented \(tier)")
                }
            }
        }
        #expect(checked >= 100)
    }

    /// The document's operations as "METHOD /path".
    static func documentedOperations() throws -> Set<String> {
        let document = JSONValue.parse(String(decoding: OpenAPIDocument.bytes, as: UTF8.self))
        guard case .object(let paths)? = document["paths"] else { return [] }
        var operations = Set<String>()
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] where item[method] != nil {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    /// The router's operations, without the `/api/v1` aliases.
    static func routedOperations() async throws -> Set<String> {
        return Set(
            try await ApplicationRoutes.all().map { "\($0.method.rawValue) \($0.path)" }
                .filter { !$0.contains("/api/v1/") })
    }
    @Test func everyRouteIsDocumentedAndNothingElse() async throws {
        let documented = try Self.documentedOperations()
        let routed = try await Self.routedOperations()
        #expect(routed.count > 30)
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from the OpenAPI document")
        #expect(documented.subtracting(routed).sorted() == [], "documented operations that no route serves")
    }

    @Test func documentDeclaresTheContractBasics() throws {
        let document = JSONValue.parse(String(decoding: OpenAPIDocument.bytes, as: UTF8.self))
        #expect(document["openapi"]?.string == "3.1.0")
        #expect(document["components"]?["schemas"]?["Error"] != nil)
        #expect(document["components"]?["securitySchemes"]?["userToken"] != nil)
    }

    @Test func theHTMLPageShowsEveryOperation() async throws {
        let document = JSONValue.parse(String(decoding: OpenAPIDocument.bytes, as: UTF8.self))
        var operationIDs: [String] = []
        if case .object(let paths)? = document["paths"] {
            for item in paths.values {
                for method in ["get", "post", "put", "patch", "delete"] {
                    if let id = item[method]?["operationId"]?.string { operationIDs.append(id) }
                }
            }
        }
        #expect(operationIDs.count == (try Self.documentedOperations()).count)
        let ids = operationIDs
        try await withTestApp(.sqlite) { api in
            let page = try await api.client.executeRequest(uri: "/api/docs", method: .get, headers: [:], body: nil)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: page.body)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            for id in ids {
                #expect(html.contains(#"data-operation-id="\#(id)""#), "\(id) is not on the page")
            }
            #expect(html.components(separatedBy: #"class="operation""#).count - 1 == ids.count)
            // Self-contained: nothing is loaded from elsewhere.
            #expect(!html.contains("<script src"))
            #expect(!html.contains("<link rel=\"stylesheet\""))
            #expect(!html.contains("https://cdn"))
        }
    }
}

/// The hook that holds every test response to the document (`ContractCheck`, issue #22)
/// finds what differs: a field the document does not declare, one it requires that is
/// missing, a wrong type, an undocumented status; and passes the document's own examples.
@Suite("OpenAPI contract check")
struct ContractCheckTests {
    static let contactPath = "/api/coordinator/organizations/3f1c2b4a-6d5e-4a7b-9c8d-0e1f2a3b4c5d/contacts/f4a5b6c7-d8e9-4f0a-9b2c-3d4e5f6a7b8c"

    static func example(_ schema: String) throws -> [String: JSONValue] {
        guard case .object(let example)? = ContractCheck.document["components"]?["schemas"]?[schema]?["example"] else {
            throw TestFailure("no example for \(schema)")
        }
        return example
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func problems(_ body: [String: JSONValue], status: Int = 200) -> [String] {
        ContractCheck.problems(method: "GET", path: contactPath, status: status, contentType: "application/json", body: .object(body))
    }

    @Test func theDocumentsExampleConforms() throws {
        #expect(Self.problems(try Self.example("Contact")) == [])
        #expect(ContractCheck.problems(
            method: "GET", path: Self.contactPath + "?x=1", status: 200, contentType: "application/json; charset=utf-8",
            body: .object(try Self.example("Contact"))) == [])
    }

    @Test func renamedMissingAndMistypedFieldsAreFound() throws {
        var renamed = try Self.example("Contact")
        renamed["consent_given_at"] = renamed.removeValue(forKey: "consent_at")
        let found = Self.problems(renamed)
        #expect(found.contains { $0.contains("\"consent_given_at\", which the document does not declare") }, "\(found)")
        #expect(found.contains { $0.contains("no \"consent_at\", which the document requires") }, "\(found)")
        var mistyped = try Self.example("Contact")
        mistyped["tags"] = .string("vip")
        #expect(Self.problems(mistyped).contains { $0.contains("$.tags: is string") })
        mistyped = try Self.example("Contact")
        mistyped["status"] = .string("asleep")
        #expect(!Self.problems(mistyped).isEmpty)
    }

    @Test func undocumentedStatusesAreFoundAndOtherBodiesLeftAlone() throws {
        #expect(Self.problems(try Self.example("Contact"), status: 418).first?.contains("no 418 response") == true)
        // Not JSON, or not an operation of the document (an unknown route's 404): nothing to hold it to.
        #expect(ContractCheck.problems(method: "GET", path: Self.contactPath, status: 200, contentType: "text/html", body: .null) == [])
        #expect(ContractCheck.problems(method: "GET", path: "/nowhere/at/all", status: 404, contentType: "application/json", body: .object([:])) == [])
    }

    /// A request body the server accepted is held to the operation's request schema: a field
    /// the code takes under a name the document does not have is found; a refused request
    /// (a test's deliberate mistake) is not checked, and surrounding spaces are trimmed first.
    @Test func acceptedRequestBodiesAreHeldToTheDocument() {
        let contacts = "/api/coordinator/organizations/3f1c2b4a-6d5e-4a7b-9c8d-0e1f2a3b4c5d/contacts"
        func problems(_ body: String, status: Int = 201, contentType: String? = "application/json") -> [String] {
            ContractCheck.requestProblems(method: "POST", path: contacts, status: status, contentType: contentType, body: body)
        }
        #expect(problems(#"{"name": "Ada", "email": "ada@example.com", "consent_at": "2026-12-01T10:00:00Z", "tags": ["vip"]}"#) == [])
        let renamed = problems(#"{"name": "Ada", "consent_given_at": "2026-12-01T10:00:00Z"}"#)
        #expect(renamed.contains { $0.contains("\"consent_given_at\", which the document does not declare") }, "\(renamed)")
        #expect(problems(#"{"name": "Ada", "tags": "vip"}"#).contains { $0.contains("$.tags: is string") })
        #expect(problems(#"{"name": "Ada", "consent_given_at": "x"}"#, status: 422) == [])
        #expect(problems("name,email\nAda,ada@example.com", contentType: "text/csv") == [])
        #expect(problems(#"{"name": "  \#(String(repeating: "x", count: 255))  "}"#) == [])
        // An operation that takes no JSON body says so.
        let noBody = ContractCheck.requestProblems(
            method: "POST", path: "/api/coordinator/organizations/3f1c2b4a-6d5e-4a7b-9c8d-0e1f2a3b4c5d/campaigns/f4a5b6c7-d8e9-4f0a-9b2c-3d4e5f6a7b8c/start",
            status: 200, contentType: "application/json", body: "{}")
        #expect(noBody.first?.contains("declares no application/json request body") == true, "\(noBody)")
    }
}
