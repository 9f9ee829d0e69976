import Foundation
import Testing
@testable import FourCalls

@Suite("Operator commands: user create, token create, demo")
struct OperatorToolsTests {
    /// The operator's view of the test's database (as `fourcalls ... --database-url` would have).
    static func configuration(_ api: TestAPI, clock: (any AppClock)? = nil) -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.databaseURL = api.databaseURL
        configuration.appKey = testAppKey
        configuration.bcryptCost = 4
        configuration.logLevel = .warning
        if let clock { configuration.clock = clock }
        return configuration
    }

    @Test(arguments: Engine.enabled)
    func usersAndTokensCreatedByTheOperatorWork(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let configuration = Self.configuration(api)
            let created = try await OperatorTools.with(configuration) {
                try await $0.createUser(name: "Ops", email: "ops@example.com", password: "long enough")
            }
            let me = try await api.call(.get, "/api/auth/me", token: created.token)
            #expect(me["id"]?.string == created.userID)
            #expect(me["email"]?.string == "ops@example.com")

            // The API's own rules: a short password, a taken e-mail.
            await #expect(throws: APIError.self) {
                try await OperatorTools.with(configuration) { try await $0.createUser(name: "X", email: "x@example.com", password: "short") }
            }
            await #expect(throws: APIError.self) {
                try await OperatorTools.with(configuration) { try await $0.createUser(name: "X", email: "OPS@example.com", password: "long enough") }
            }

            let readOnly = try await OperatorTools.with(configuration) {
                try await $0.createToken(email: "ops@example.com", name: "dashboards", abilities: ["read"], expiresAt: nil)
            }
            #expect(try await api.call(.get, "/api/coordinator/organizations", token: readOnly).status == .ok)
            #expect(try await api.call(.post, "/api/coordinator/organizations", token: readOnly, json: #"{"name": "No"}"#).status == .forbidden)
            await #expect(throws: APIError.self) {
                try await OperatorTools.with(configuration) {
                    try await $0.createToken(email: "nobody@example.com", name: "x", abilities: ["*"], expiresAt: nil)
                }
            }
            await #expect(throws: APIError.self) {
                try await OperatorTools.with(configuration) {
                    try await $0.createToken(email: "ops@example.com", name: "x", abilities: ["admin"], expiresAt: nil)
                }
            }
        }
    }

    @Test(arguments: Engine.enabled)
    func theDemoIsALivingClinic(on engine: Engine) async throws {
        // A Tuesday afternoon in New York: the recall campaign can call.
        let clock = ManualClock(Timestamps.parse("2027-03-02T18:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let summary = try await OperatorTools.with(Self.configuration(api, clock: clock)) { try await $0.seedDemo() }
            let base = "/api/coordinator/organizations/\(summary.organizationID)"
            let metrics = try await api.call(.get, "\(base)/dashboard/metrics", token: summary.token)
            #expect(metrics["total_contacts"]?.int == 500)
            #expect(metrics["active_coordinators"]?.int == 3)
            #expect(metrics["total_appointments"]?.int == summary.appointments)
            #expect(summary.appointments > 30)
            #expect((metrics["total_calls"]?.int ?? 0) == summary.calls + summary.campaignCallsMade)
            let campaigns = try await api.call(.get, "\(base)/campaigns", token: summary.token)
            let campaign = try #require(campaigns["data"]?.array?.first)
            #expect(campaign["status"]?.string == "running")
            #expect(campaign["stats"]?["calls_made"]?.int == summary.campaignCallsMade)
            #expect(summary.campaignCallsMade == 40)
            #expect(try await api.call(.get, "\(base)/faqs", token: summary.token)["total"]?.int == 5)
            #expect(try await api.call(.get, "\(base)/webhooks", token: summary.token)["total"]?.int == 1)
            let login = try await api.call(.post, "/api/auth/login", json: #"{"email": "\#(summary.email)", "password": "\#(summary.password)"}"#)
            #expect(login.status == .ok)
            let agent = try await api.call(
                .post, "/api/internal/ai/auth", json: #"{"agent_id": "\#(summary.agentID)", "api_key": "\#(summary.agentKey)"}"#)
            let context = try await api.call(.get, "/api/internal/ai/context/\(summary.organizationID)", token: try #require(agent["access_token"]?.string))
            #expect(context.status == .ok)
        }
    }
}
