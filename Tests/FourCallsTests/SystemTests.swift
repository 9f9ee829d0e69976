import Foundation
import HTTPTypes
import Testing
@testable import FourCalls

@Suite("System endpoints and error bodies")
struct SystemTests {
    @Test(arguments: Engine.enabled)
    func healthAndReady(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let health = try await api.call(.get, "/health")
            #expect(health.status == .ok)
            #expect(health["status"]?.string == "ok")
            let ready = try await api.call(.get, "/ready")
            #expect(ready.status == .ok)
            #expect(ready["status"]?.string == "ready")
        }
    }

    @Test(arguments: Engine.enabled)
    func requestIDIsEchoedOrGenerated(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let echoed = try await api.call(.get, "/health", headers: [HTTPField.Name("X-Request-Id")!: "trace-42"])
            #expect(echoed.headers[HTTPField.Name("X-Request-Id")!] == "trace-42")
            let generated = try await api.call(.get, "/health")
            let id = try #require(generated.headers[HTTPField.Name("X-Request-Id")!])
            #expect(UUID(uuidString: id) != nil)
            let other = try await api.call(.get, "/nowhere")
            #expect(other.headers[HTTPField.Name("X-Request-Id")!] != nil)
        }
    }

    @Test(arguments: Engine.enabled)
    func unknownRouteIsJSON404(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let response = try await api.call(.get, "/api/coordinator/nothing-here")
            #expect(response.status == .notFound)
            #expect(response["code"]?.string == "NOT_FOUND")
            #expect(response["error"]?.string?.isEmpty == false)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    @Test(arguments: Engine.enabled)
    func wrongMethodIs405WithAllow(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let response = try await api.call(.patch, "/api/coordinator/organizations")
            #expect(response.status == .methodNotAllowed)
            #expect(response["code"]?.string == "METHOD_NOT_ALLOWED")
            #expect(response.headers[.allow] == "GET, HEAD, POST")
            let v1 = try await api.call(.delete, "/api/v1/auth/login")
            #expect(v1.status == .methodNotAllowed)
            #expect(v1.headers[.allow] == "POST")
        }
    }

    @Test(arguments: Engine.enabled)
    func malformedJSONIs400(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let response = try await api.call(.post, "/api/auth/login", json: #"{"email": "#)
            #expect(response.status == .badRequest)
            #expect(response["code"]?.string == "BAD_REQUEST")
            let array = try await api.call(.post, "/api/auth/login", json: "[1, 2]")
            #expect(array.status == .badRequest)
            let form = try await api.call(
                .post, "/api/auth/login", json: "email=a", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == .badRequest)
            #expect(form["code"]?.string == "BAD_REQUEST")
        }
    }

    @Test(arguments: Engine.enabled)
    func bodyOverOneMebibyteIs413(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            let padding = String(repeating: "x", count: (1 << 20) + 10)
            let response = try await api.call(
                .post, "/api/coordinator/organizations", token: token, json: #"{"name": "Big", "industry": "\#(padding)"}"#)
            #expect(response.status == .contentTooLarge)
            #expect(response["code"]?.string == "PAYLOAD_TOO_LARGE")
            let list = try await api.call(.get, "/api/coordinator/organizations", token: token)
            #expect(list["total"]?.int == 0)
        }
    }

    @Test(arguments: Engine.enabled)
    func openAPIDocumentIsServed(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let response = try await api.call(.get, "/api/docs/openapi.json")
            #expect(response.status == .ok)
            #expect(response["openapi"]?.string == "3.1.0")
        }
    }

    @Test(
        .enabled(if: Engine.postgresURL != nil, "TEST_DATABASE_URL is not set: PostgreSQL runs are skipped. Start a server and set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:PORT/postgres (see .ci/run) to run every suite on PostgreSQL too."))
    func postgresIsReachable() async throws {
        try await withTestApp(.postgres) { api in
            let ready = try await api.call(.get, "/ready")
            #expect(ready.status == .ok)
        }
    }
}
