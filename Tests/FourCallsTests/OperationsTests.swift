import Foundation
import HTTPTypes
import Logging
import NIOConcurrencyHelpers
import SQLKit
import Testing
@testable import FourCalls

/// Collects the application's log lines.
final class LogCollector: Sendable {
    private let stored = NIOLockedValueBox<[String]>([])
    var lines: [String] { stored.withLockedValue { $0 } }

    /// JSON lines at trace level: everything the application could ever log.
    func configure(_ configuration: inout AppConfiguration) {
        configuration.logLevel = .trace
        configuration.logFormat = .json
        configuration.logHandlerFactory = { label in
            var handler = JSONLogHandler(label: label) { line in self.stored.withLockedValue { $0.append(line) } }
            handler.logLevel = .trace
            return handler
        }
    }
}

@Suite("Operations: metrics, logs, retention")
struct OperationsTests {
    @Test(arguments: Engine.enabled)
    func metricsExposeRequestsDatabaseLeasesAndRejections(on engine: Engine) async throws {
        // A fixed clock keeps every request in one rate-limit minute.
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:10Z")!)
        try await withTestApp(engine, clock: clock, configure: { $0.rateLimitStandard = 4 }) { api in
            let (token, base) = try await api.organization()  // the organization counts 1
            let agent = try await api.call(.post, "\(base)/ai-agents", token: token, json: #"{"name": "Metrics agent"}"#)  // 2
            _ = try await api.call(.get, "\(base)/contacts", token: token)  // 3
            _ = try await api.call(.get, "\(base)/contacts", token: token)  // 4
            #expect(try await api.call(.get, "\(base)/contacts", token: token).status == .tooManyRequests)
            let auth = try await api.call(
                .post, "/api/internal/ai/auth",
                json: #"{"agent_id": "\#(agent["agent_id"]?.string ?? "")", "api_key": "\#(agent["api_key"]?.string ?? "")"}"#)
            let businessID = String(base.split(separator: "/").last!)
            let next = try await api.call(
                .post, "/api/internal/ai/campaigns/\(businessID)/calls/next", token: try #require(auth["access_token"]?.string))
            #expect(next.status == .noContent)

            let metrics = try await api.call(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            for expected in [
                #"hb_requests{http_route="/api/coordinator/organizations/{orgId}/contacts",http_request_method="GET",http_response_status_code="200"}"#,
                #"http_server_request_duration_bucket{http_route="/api/coordinator/organizations/{orgId}/contacts""#,
                #"hb_requests{http_route="/api/coordinator/organizations/{orgId}/contacts",http_request_method="GET",http_response_status_code="429"}"#,
                #"fourcalls_db_operation_duration_seconds_bucket{kind="read""#,
                #"fourcalls_db_operation_duration_seconds_count{kind="transaction"}"#,
                #"fourcalls_rate_limit_rejections_total{tier="standard"}"#,
                #"fourcalls_campaign_leases_total{result="none"}"#,
                "fourcalls_webhook_queue_depth",
            ] {
                #expect(metrics.text.contains(expected), "missing: \(expected)")
            }
        }
    }

    @Test(arguments: Engine.enabled)
    func logsAreJSONLinesWithoutSecrets(on engine: Engine) async throws {
        let logs = LogCollector()
        let appKey = (0..<32).map { _ in UInt8.random(in: 0...255) }
        try await withTestApp(engine, configure: {
            logs.configure(&$0)
            $0.webhookAllowPrivateNetworks = true
            $0.appKey = Data(appKey).base64EncodedString()
        }) { api in
            let password = "Sup3r-secret horse battery"
            let registered = try await api.call(
                .post, "/api/auth/register", json: #"{"name": "Grace", "email": "grace@example.com", "password": "\#(password)"}"#)
            let token = try #require(registered["token"]?.string)
            let login = try await api.call(.post, "/api/auth/login", json: #"{"email": "grace@example.com", "password": "\#(password)"}"#)
            let second = try #require(login["token"]?.string)
            let issued = try await api.call(.post, "/api/auth/tokens", token: token, json: #"{"name": "ci", "abilities": ["read"]}"#)
            let third = try #require(issued["token"]?.string)
            let organization = try await api.createOrganization(token: second)
            let base = "/api/coordinator/organizations/\(organization)"
            let agent = try await api.call(.post, "\(base)/ai-agents", token: token, json: #"{"name": "Logged agent"}"#)
            let apiKey = try #require(agent["api_key"]?.string)
            let auth = try await api.call(
                .post, "/api/internal/ai/auth", json: #"{"agent_id": "\#(agent["agent_id"]?.string ?? "")", "api_key": "\#(apiKey)"}"#)
            let accessToken = try #require(auth["access_token"]?.string)
            let webhookSecret = "whsec_do_not_log_me_0123456789"
            let webhook = try await api.call(
                .post, "\(base)/webhooks", token: token,
                json: #"{"name": "Logged hook", "url": "http://127.0.0.1:9/hook", "secret": "\#(webhookSecret)", "events": ["contact.created"]}"#)
            #expect(webhook.status == .created)
            _ = try await api.call(.get, "/api/internal/ai/crm/\(organization)/customers/lookup?phone=%2B15550001111", token: accessToken)
            _ = try await api.call(.get, "\(base)/contacts", token: "1|wrong-secret-that-is-long-enough-0123456789")
            _ = try await api.call(.get, "\(base)/contacts", token: third)
            _ = try await api.call(.post, "/api/auth/login", json: #"{"email": "grace@example.com", "password": "not-\#(password)"}"#)

            let lines = logs.lines
            #expect(lines.count > 10)
            let secrets = [password, token, second, third, apiKey, accessToken, webhookSecret, "wrong-secret-that-is-long-enough"]
                + [token, second, third].compactMap { $0.split(separator: "|").last.map(String.init) }
            for secret in secrets {
                #expect(!lines.contains { $0.contains(secret) }, "a secret was logged")
            }
            // The app key, as text or as the bytes a printed value would show (the services'
            // start lines at debug level printed the dispatcher with its key).
            let keyForms = [Data(appKey).base64EncodedString(), appKey.prefix(6).map(String.init).joined(separator: ", ")]
            for form in keyForms {
                #expect(!lines.contains { $0.contains(form) }, "the app key was logged: \(lines.filter { $0.contains(form) }.prefix(1))")
            }
            #expect(lines.contains { $0.contains("SecretBox(<redacted>)") }, "the services' start lines were not seen")
            #expect(!lines.contains { $0.contains("15550001111") }, "a query string was logged: \(lines.filter { $0.contains("15550001111") })")
            // One JSON line per request, naming its route, status, duration, request id and organization.
            let requests = lines.map(JSONValue.parse).filter { $0["route"] != nil }
            let contacts = try #require(requests.first { $0["route"]?.string == "/api/coordinator/organizations/{orgId}/contacts" && $0["status"]?.string == "200" })
            #expect(contacts["method"]?.string == "GET")
            #expect(contacts["organization_id"]?.string == organization)
            #expect(contacts["request_id"]?.string?.isEmpty == false)
            #expect(Double(contacts["duration_ms"]?.string ?? "") != nil)
            #expect(contacts["level"]?.string == "info")
            #expect(contacts["timestamp"]?.string?.hasSuffix("Z") == true)
            let lookup = try #require(requests.first { $0["route"]?.string?.hasSuffix("/customers/lookup") == true })
            #expect(lookup["organization_id"]?.string == organization)
        }
    }

    @Test(arguments: Engine.enabled)
    func retentionSweepsWhatExpired(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-05-01T12:00:00Z")!)
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await withTestApp(engine, clock: clock, configure: WebhookTests.allowLoopback) { api in
                let (token, base) = try await api.organization()
                _ = try await api.call(.post, "/api/auth/tokens", token: token, json: #"{"name": "short", "expires_at": "2027-05-02T00:00:00Z"}"#)
                _ = try await api.call(.post, "/api/auth/tokens", token: token, json: #"{"name": "forever"}"#)
                _ = try await WebhookTests.register(api, token: token, base: base, url: url)
                _ = try await api.call(
                    .post, "\(base)/contacts", token: token, json: #"{"name": "Kept"}"#, headers: [HTTPField.Name("Idempotency-Key")!: "k-1"])
                _ = try await receiver.waitFor(1)
                try await Task.sleep(for: .milliseconds(300))  // the attempt is recorded after the answer

                let storage = try await openStorage(DatabaseURL(parsing: api.databaseURL), logger: .init(label: "test"))
                let services = Task { for service in storage.services { try await service.run() } }
                defer { services.cancel() }
                func count(_ table: String) async throws -> Int {
                    try await storage.read { db in
                        try await db.select().column(SQLRaw("COUNT(*)"), as: "n").from(table).first(decodingColumn: "n", as: Int.self) ?? 0
                    }
                }
                let sweeper = MaintenanceService(
                    storage: storage, clock: clock, logger: .init(label: "test"), startup: StartupGate(), retention: .init(webhookDays: 30))
                // An invitation (7 days), and a background import whose server stopped mid-way.
                _ = try await api.call(.post, "\(base)/members", token: token, json: #"{"email": "later@example.com", "role": "viewer"}"#)
                let stalled = ContactImportJob(id: UUID(), organizationID: try #require(UUID(text: String(base.split(separator: "/").last ?? ""))), now: clock.now())
                try await storage.transaction { db in try await ContactImportRepository(db: db).insert(stalled) }
                let tokensBefore = try await count("api_tokens")
                try await sweeper.sweep()
                #expect(try await count("invitations") == 1)
                #expect(try await api.call(.get, "\(base)/contacts/imports/\(stalled.id.api)", token: token)["status"]?.string == "running")
                #expect(try await count("webhook_deliveries") == 1, "a fresh delivery is kept")
                #expect(try await count("idempotency_keys") == 1)

                clock.advance(by: 31 * 86_400)
                try await sweeper.sweep()
                #expect(try await count("api_tokens") == tokensBefore - 1, "only the expired token goes")
                #expect(try await count("idempotency_keys") == 0)
                #expect(try await count("webhook_deliveries") == 0)
                #expect(try await count("webhook_attempts") == 0)
                #expect(try await count("events") == 2, "the event log is kept")
                #expect(try await count("invitations") == 0)
                let stopped = try await api.call(.get, "\(base)/contacts/imports/\(stalled.id.api)", token: token)
                #expect(stopped["status"]?.string == "failed")
                #expect(stopped["error"]?.string?.contains("server stopped") == true)
                await storage.shutdown()
            }
        }
    }
}
