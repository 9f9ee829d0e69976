import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
@testable import FourCalls

/// A response as a client sees it: status, headers and the parsed JSON body.
struct APIResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String
    let json: JSONValue

    subscript(key: String) -> JSONValue? { json[key] }
}

/// Calls the API like a client: JSON in, JSON out, with an optional bearer token.
struct TestAPI: Sendable {
    let client: any TestClientProtocol
    /// The test's own database, for tests that look at what was stored.
    let databaseURL: String
    /// The live server's loopback port (`withTestApp(live: true)`); nil for the router client.
    var port: Int? = nil

    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json body: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await client.executeRequest(
            uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let text = String(buffer: response.body)
        let json = text.isEmpty ? JSONValue.null : JSONValue.parse(text)
        // Every response is held to the OpenAPI document (issue #22).
        let status = Int(response.status.code)
        let problems =
            ContractCheck.problems(method: method.rawValue, path: path, status: status, contentType: response.headers[.contentType], body: json)
            + ContractCheck.requestProblems(method: method.rawValue, path: path, status: status, contentType: headers[.contentType], body: body)
        for problem in problems {
            Issue.record(Comment(rawValue: "OpenAPI contract: \(problem)"))
        }
        return APIResponse(status: response.status, headers: response.headers, text: text, json: json)
    }

    /// Registers a user and returns its token and id.
    func register(name: String = "Ada Lovelace", email: String = "ada@example.com", password: String = "correct horse")
        async throws -> (token: String, userID: String)
    {
        let response = try await call(
            .post, "/api/auth/register", json: #"{"name": "\#(name)", "email": "\#(email)", "password": "\#(password)"}"#)
        try #require(response.status == .created, "register failed: \(response.text)")
        return (try #require(response["token"]?.string), try #require(response["user"]?["id"]?.string))
    }

    /// Creates an organization and returns its id.
    func createOrganization(token: String, json: String = #"{"name": "Acme Corporation"}"#) async throws -> String {
        let response = try await call(.post, "/api/coordinator/organizations", token: token, json: json)
        try #require(response.status == .created, "create organization failed: \(response.text)")
        return try #require(response["id"]?.string)
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var int: Int? {
        if case .int(let value) = self { return Int(value) }
        return nil
    }

    /// A number, whether written as an integer or not (`1` and `1.0` alike).
    var double: Double? {
        switch self {
        case .double(let value): value
        case .int(let value): Double(value)
        default: nil
        }
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var keys: Set<String> {
        if case .object(let object) = self { return Set(object.keys) }
        return []
    }
}

/// Messages of a 422 body for one field.
func fieldErrors(_ response: APIResponse, _ field: String) -> [String] {
    response["errors"]?[field]?.array?.compactMap(\.string) ?? []
}

extension TestAPI {
    /// The events recorded in this test's database, oldest first, as (name, data).
    func recordedEvents() async throws -> [(name: String, data: JSONValue)] {
        let storage = try await openStorage(DatabaseURL(parsing: databaseURL), logger: .init(label: "test"))
        let services = Task { for service in storage.services { try await service.run() } }
        defer { services.cancel() }
        let rows = try await storage.read { db in
            try await db.raw("SELECT event, payload FROM events ORDER BY created_at, event").all()
        }
        await storage.shutdown()
        return try rows.map { (try $0.decode(column: "event", as: String.self), JSONValue.parse(try $0.decode(column: "payload", as: String.self))) }
    }

    /// Registers an owner and creates an organization; returns the token and the
    /// organization's base path `/api/coordinator/organizations/{id}`.
    func organization(json: String = #"{"name": "Bright Smiles Dental"}"#) async throws -> (token: String, base: String) {
        let (token, _) = try await register(email: "owner-\(UUID().api.prefix(8))@example.com")
        let id = try await createOrganization(token: token, json: json)
        return (token, "/api/coordinator/organizations/\(id)")
    }

    /// Creates a contact and returns its id.
    func createContact(_ base: String, token: String, json: String) async throws -> String {
        let response = try await call(.post, "\(base)/contacts", token: token, json: json)
        try #require(response.status == .created, "create contact failed: \(response.text)")
        return try #require(response["id"]?.string)
    }
}

extension TestAPI {
    /// Makes the invitee a member of the organization at `base` the way people do: an admin
    /// invites the address, the invitee accepts with the token. Returns the invitation.
    @discardableResult
    func addMember(_ base: String, adminToken: String, email: String, role: String, inviteeToken: String) async throws -> APIResponse {
        let invited = try await call(.post, "\(base)/members", token: adminToken, json: #"{"email": "\#(email)", "role": "\#(role)"}"#)
        try #require(invited.status == .created, "invite failed: \(invited.text)")
        let token = try #require(invited["invite_token"]?.string)
        let accepted = try await call(.post, "/api/auth/invitations/accept", token: inviteeToken, json: #"{"token": "\#(token)"}"#)
        try #require(accepted.status == .ok, "accept failed: \(accepted.text)")
        return invited
    }
}
