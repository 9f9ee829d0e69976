import Foundation
import Hummingbird
import Logging
import Testing
@testable import FourCalls

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
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
