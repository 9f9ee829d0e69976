import Crypto
import Foundation
import Testing
@testable import FourCalls

@Suite("Webhooks")
struct WebhookTests {
    static func allowLoopback(_ configuration: inout AppConfiguration) {
        configuration.webhookAllowPrivateNetworks = true
    }

    static func register(_ api: TestAPI, token: String, base: String, url: String, events: String = #"["contact.created"]"#, secret: String = "your_secret_key_123")
        async throws -> String
    {
        let response = try await api.call(
            .post, "\(base)/webhooks", token: token,
            json: #"{"name": "My App Webhook", "url": "\#(url)", "secret": "\#(secret)", "events": \#(events)}"#)
        try #require(response.status == .created, "\(response.text)")
        return try #require(response["id"]?.string)
    }

    static func hmacHex(_ body: String, key: Data) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: key)).map { String(format: "%02x", $0) }.joined()
    }

    @Test(arguments: Engine.enabled)
    func deliversTheGuidesPayloadSigned(on engine: Engine) async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await withTestApp(engine, configure: Self.allowLoopback) { api in
                let (token, base) = try await api.organization()
                let secret = "your_secret_key_123"
                _ = try await Self.register(api, token: token, base: base, url: url, secret: secret)
                let contact = try await api.createContact(base, token: token, json: #"{"name": "John Doe", "email": "john@example.com", "phone": "+1234567890"}"#)
                // Not subscribed: must never arrive.
                _ = try await api.call(.put, "\(base)/contacts/\(contact)", token: token, json: #"{"company": "Zürich / Café"}"#)
                let second = try await api.createContact(base, token: token, json: #"{"name": "Zoë Ünicode", "notes": "a/b \"quoted\""}"#)
                // Deliveries of one batch go out concurrently: match them by contact id.
                let received = try await receiver.waitFor(2).sorted {
                    ($0.json["data"]?["id"]?.string == contact ? 0 : 1) < ($1.json["data"]?["id"]?.string == contact ? 0 : 1)
                }
                try #require(received.count == 2)
                try await Task.sleep(for: .milliseconds(600))
                #expect(receiver.received.count == 2, "an unsubscribed event was sent")

                let hit = received[0]
                let json = hit.json
                #expect(json.keys == ["event", "timestamp", "organization_id", "data"])
                #expect(json["event"]?.string == "contact.created")
                #expect(json["organization_id"]?.string == String(base.split(separator: "/").last!))
                #expect(json["data"]?["id"]?.string == contact)
                #expect(json["data"]?["phone"]?.string == "+1234567890")
                #expect(json["timestamp"]?.string?.hasSuffix("Z") == true)
                #expect(hit.body.hasPrefix(#"{"event":"contact.created","timestamp":""#))
                #expect(received[1].json["data"]?["id"]?.string == second)
                #expect(received[1].body.contains("Zoë Ünicode"))
                #expect(received[1].body.contains(#"a/b \"quoted\""#))

                for hit in received {
                    #expect(hit.headers["x-4calls-event"] == "contact.created")
                    #expect(hit.headers["x-4calls-signature"] == Self.hmacHex(hit.body, key: Data(secret.utf8)))
                    // Standard Webhooks: v1,base64(HMAC(key, "{id}.{timestamp}.{body}")).
                    let id = try #require(hit.headers["webhook-id"])
                    let timestamp = try #require(hit.headers["webhook-timestamp"])
                    let mac = HMAC<SHA256>.authenticationCode(for: Data("\(id).\(timestamp).\(hit.body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
                    #expect(hit.headers["webhook-signature"] == "v1," + Data(mac).base64EncodedString())
                    #expect(abs((Double(timestamp) ?? 0) - Date().timeIntervalSince1970) < 60)
                }
                let webhookID = try #require(try await api.call(.get, "\(base)/webhooks", token: token)["data"]?[0]?["id"]?.string)
                // The receiver has both; the dispatcher records each attempt once its answer is
                // back, which with every suite on two cores can lag behind.
                var deliveries = try await api.call(.get, "\(base)/webhooks/\(webhookID)/deliveries", token: token)
                for _ in 0..<200 where deliveries["data"]?.array?.allSatisfy({ $0["status"]?.string == "delivered" }) != true {
                    try await Task.sleep(for: .milliseconds(100))
                    deliveries = try await api.call(.get, "\(base)/webhooks/\(webhookID)/deliveries", token: token)
                }
                #expect(deliveries["total"]?.int == 2)
                #expect(deliveries["data"]?.array?.allSatisfy { $0["status"]?.string == "delivered" && $0["attempts"]?.int == 1 } == true)
            }
        }
    }

    @Test(arguments: Engine.enabled)
    func failingTwiceThenSucceedingDeliversOnTheThirdAttempt(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2026-06-01T12:00:00Z")!)
        let receiver = WebhookReceiver(answers: [500, 503])
        try await receiver.run { url in
            try await withTestApp(engine, clock: clock, configure: Self.allowLoopback) { api in
                let (token, base) = try await api.organization()
                let webhook = try await Self.register(api, token: token, base: base, url: url)
                _ = try await api.createContact(base, token: token, json: #"{"name": "Retry Me"}"#)
                #expect(try await receiver.waitFor(1).count == 1)
                let deliveries = "\(base)/webhooks/\(webhook)/deliveries"
                var delivery = try await api.call(.get, deliveries, token: token)["data"]?[0]
                for _ in 0..<50 where delivery?["attempts"]?.int != 1 {
                    try await Task.sleep(for: .milliseconds(50))
                    delivery = try await api.call(.get, deliveries, token: token)["data"]?[0]
                }
                #expect(delivery?["status"]?.string == "pending")
                #expect(delivery?["last_status_code"]?.int == 500)
                let next = try #require(delivery?["next_attempt_at"]?.string.flatMap(Timestamps.parse))
                #expect((4.0...5.5).contains(next.timeIntervalSince(clock.now())))  // 5 s ± 10%, shown to the second

                try await Task.sleep(for: .milliseconds(500))
                #expect(receiver.received.count == 1, "retried before its time")
                clock.advance(by: 6)
                #expect(try await receiver.waitFor(2).count == 2)
                // Move the clock only once the second failure is recorded (its retry is
                // scheduled from the clock at that moment).
                for _ in 0..<100 where delivery?["attempts"]?.int != 2 {
                    try await Task.sleep(for: .milliseconds(50))
                    delivery = try await api.call(.get, deliveries, token: token)["data"]?[0]
                }
                #expect(delivery?["attempts"]?.int == 2)
                clock.advance(by: 5 * 60 + 31)
                let received = try await receiver.waitFor(3)
                #expect(received.count == 3)
                #expect(Set(received.compactMap { $0.headers["webhook-id"] }).count == 1)
                #expect(Set(received.map(\.body)).count == 1)

                let deliveryID = try #require(delivery?["id"]?.string)
                var detail = try await api.call(.get, "\(deliveries)/\(deliveryID)", token: token)
                for _ in 0..<50 where detail["status"]?.string != "delivered" {
                    try await Task.sleep(for: .milliseconds(50))
                    detail = try await api.call(.get, "\(deliveries)/\(deliveryID)", token: token)
                }
                #expect(detail["status"]?.string == "delivered")
                #expect(detail["attempts"]?.int == 3)
                #expect(detail["attempt_log"]?.array?.compactMap { $0["status_code"]?.int } == [500, 503, 200])

                // A manual redelivery sends it again, with the same webhook-id.
                let again = try await api.call(.post, "\(deliveries)/\(deliveryID)/redeliver", token: token)
                #expect(again.status == .accepted)
                let all = try await receiver.waitFor(4)
                #expect(all.count == 4)
                #expect(all.last?.headers["webhook-id"] == deliveryID)
            }
        }
    }

    @Test(arguments: Engine.enabled)
    func goneDisablesTheEndpoint(on engine: Engine) async throws {
        let receiver = WebhookReceiver(answers: [410])
        try await receiver.run { url in
            try await withTestApp(engine, configure: Self.allowLoopback) { api in
                let (token, base) = try await api.organization()
                let webhook = try await Self.register(api, token: token, base: base, url: url)
                _ = try await api.createContact(base, token: token, json: #"{"name": "One"}"#)
                #expect(try await receiver.waitFor(1).count == 1)
                var shown = try await api.call(.get, "\(base)/webhooks/\(webhook)", token: token)
                for _ in 0..<50 where shown["active"]?.bool != false {
                    try await Task.sleep(for: .milliseconds(50))
                    shown = try await api.call(.get, "\(base)/webhooks/\(webhook)", token: token)
                }
                #expect(shown["active"]?.bool == false)
                #expect(shown["disabled_reason"]?.string?.contains("410") == true)
                #expect(shown["secret"] == nil)
                _ = try await api.createContact(base, token: token, json: #"{"name": "Two"}"#)
                let deliveries = try await api.call(.get, "\(base)/webhooks/\(webhook)/deliveries", token: token)
                #expect(deliveries["total"]?.int == 1)
                #expect(deliveries["data"]?[0]?["status"]?.string == "failed")
                try await Task.sleep(for: .milliseconds(400))
                #expect(receiver.received.count == 1)
                let reactivated = try await api.call(.put, "\(base)/webhooks/\(webhook)", token: token, json: #"{"active": true}"#)
                #expect(reactivated["active"]?.bool == true)
                #expect(reactivated["disabled_reason"] == .null)
            }
        }
    }

    @Test(arguments: Engine.enabled)
    func fiveDaysOfFailuresDisableTheEndpoint(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2026-06-01T12:00:00Z")!)
        let receiver = WebhookReceiver(answers: Array(repeating: 500, count: 20))
        try await receiver.run { url in
            try await withTestApp(engine, clock: clock, configure: Self.allowLoopback) { api in
                let (token, base) = try await api.organization()
                let webhook = try await Self.register(api, token: token, base: base, url: url)
                _ = try await api.createContact(base, token: token, json: #"{"name": "Day one"}"#)
                #expect(try await receiver.waitFor(1).count == 1)
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await api.call(.get, "\(base)/webhooks/\(webhook)", token: token)["active"]?.bool == true)
                clock.advance(by: 5 * 24 * 3600 + 60)
                _ = try await api.createContact(base, token: token, json: #"{"name": "Day six"}"#)
                var shown = try await api.call(.get, "\(base)/webhooks/\(webhook)", token: token)
                for _ in 0..<100 where shown["active"]?.bool != false {
                    try await Task.sleep(for: .milliseconds(50))
                    shown = try await api.call(.get, "\(base)/webhooks/\(webhook)", token: token)
                }
                #expect(shown["active"]?.bool == false)
                #expect(shown["disabled_reason"]?.string == "Every attempt failed for 5 days.")
            }
        }
    }

    @Test(arguments: Engine.enabled)
    func testEventReachesOnlyThatEndpoint(on engine: Engine) async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await withTestApp(engine, configure: Self.allowLoopback) { api in
                let (token, base) = try await api.organization()
                let webhook = try await Self.register(api, token: token, base: base, url: url, events: #"["*"]"#)
                let test = try await api.call(.post, "\(base)/webhooks/\(webhook)/test", token: token)
                #expect(test.status == .accepted)
                #expect(test["event"]?.string == "webhook.test")
                let received = try await receiver.waitFor(1)
                #expect(received.first?.json["event"]?.string == "webhook.test")
                #expect(received.first?.json["data"]?["webhook_id"]?.string == webhook)
                let events = try await api.call(.get, "\(base)/events", token: token)
                #expect(events["data"]?.array?.compactMap { $0["event"]?.string } == ["organization.created"])
            }
        }
    }

    @Test(arguments: Engine.enabled)
    func registrationValidatesAndGeneratesSecrets(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let generated = try await api.call(
                .post, "\(base)/webhooks", token: token,
                json: #"{"name": "Guide", "url": "https://myapp.com/webhooks/4calls", "events": ["contact.created", "appointment.created", "call.completed"]}"#)
            // myapp.com may not resolve here: either accepted with a secret, or refused by the guard.
            if generated.status == .created {
                #expect(generated["secret"]?.string?.hasPrefix("whsec_") == true)
                let id = try #require(generated["id"]?.string)
                let shown = try await api.call(.get, "\(base)/webhooks/\(id)", token: token)
                #expect(shown["secret"] == nil)
                #expect(shown["events"]?.array?.count == 3)
            }
            for (url, field) in [
                ("http://127.0.0.1:9/hook", "url"), ("http://169.254.169.254/latest/meta-data", "url"), ("http://10.1.2.3/x", "url"),
                ("http://[::1]/x", "url"), ("ftp://example.com/x", "url"), ("not a url", "url"),
            ] {
                let refused = try await api.call(
                    .post, "\(base)/webhooks", token: token, json: #"{"name": "x", "url": "\#(url)", "events": ["*"]}"#)
                #expect(refused.status == .unprocessableContent, "\(url)")
                #expect(fieldErrors(refused, field).count == 1, "\(url): \(refused.text)")
            }
            let bad = try await api.call(.post, "\(base)/webhooks", token: token, json: #"{"events": ["contact.deleted"], "secret": "short"}"#)
            #expect(fieldErrors(bad, "name") == ["The name field is required."])
            #expect(fieldErrors(bad, "url") == ["The url field is required."])
            #expect(fieldErrors(bad, "events.0").count == 1)
            #expect(fieldErrors(bad, "secret").count == 1)
            let (member, _) = try await api.register(email: "member@example.com")
            try await api.addMember(base, adminToken: token, email: "member@example.com", role: "member", inviteeToken: member)
            // Members read webhooks (CONTRACT section 3); only admins and owners change them.
            #expect(try await api.call(.get, "\(base)/webhooks", token: member).status == .ok)
            #expect(try await api.call(.post, "\(base)/webhooks", token: member, json: #"{"name": "x"}"#).status == .forbidden)
            #expect(try await api.call(.get, "\(base)/events", token: member).status == .ok)
        }
    }

    @Test(arguments: Engine.enabled)
    func secretsAreEncryptedAtRestAndEventsListed(on engine: Engine) async throws {
        try await withTestApp(engine, configure: Self.allowLoopback) { api in
            let (token, base) = try await api.organization()
            let secret = "a-very-secret-signing-key"
            _ = try await Self.register(api, token: token, base: base, url: "http://127.0.0.1:9/hook", secret: secret)
            _ = try await api.createContact(base, token: token, json: #"{"name": "A"}"#)
            _ = try await api.createContact(base, token: token, json: #"{"name": "B"}"#)
            let storage = try await openStorage(DatabaseURL(parsing: api.databaseURL), logger: .init(label: "test"))
            let services = Task { for service in storage.services { try await service.run() } }
            let stored = try await storage.read { db in
                try await db.raw("SELECT secret_ciphertext FROM webhooks").all(decodingColumn: "secret_ciphertext", as: String.self)
            }
            services.cancel()
            await storage.shutdown()
            #expect(stored.count == 1)
            #expect(!stored[0].contains(secret))
            #expect(try SecretBox(key: Array(Data(base64Encoded: testAppKey)!)).open(stored[0]) == secret)

            let events = try await api.call(.get, "\(base)/events", token: token)
            #expect(events["total"]?.int == 3)
            #expect(events["data"]?.array?.last?["event"]?.string == "organization.created")
            let filtered = try await api.call(.get, "\(base)/events?event=contact.created", token: token)
            #expect(filtered["total"]?.int == 2)
            #expect(try await api.call(.get, "\(base)/events?event=nope", token: token).status == .unprocessableContent)
        }
    }

    @Test func forbiddenAddresses() {
        typealias A = WebhookURLGuard.Address
        let forbidden: [A] = [
            .v4([127, 0, 0, 1]), .v4([10, 0, 0, 1]), .v4([172, 16, 5, 4]), .v4([192, 168, 1, 1]), .v4([169, 254, 169, 254]),
            .v4([0, 0, 0, 0]), .v4([224, 0, 0, 1]), .v4([100, 64, 0, 1]), .v4([255, 255, 255, 255]),
            .v6([UInt8](repeating: 0, count: 15) + [1]), .v6([0xfe, 0x80] + [UInt8](repeating: 0, count: 14)),
            .v6([0xfd, 0x00, 0x0e, 0xc2] + [UInt8](repeating: 0, count: 11) + [0x54]),
            .v6([UInt8](repeating: 0, count: 10) + [0xff, 0xff, 127, 0, 0, 1]), .v6([0xff, 0x02] + [UInt8](repeating: 0, count: 14)),
        ]
        for address in forbidden { #expect(WebhookURLGuard.isForbidden(address), "\(address)") }
        let allowed: [A] = [.v4([93, 184, 216, 34]), .v4([8, 8, 8, 8]), .v4([172, 32, 0, 1]), .v6([0x26, 0x06, 0x28, 0x00] + [UInt8](repeating: 1, count: 12))]
        for address in allowed { #expect(!WebhookURLGuard.isForbidden(address), "\(address)") }
    }

    @Test func retryScheduleFollowsTheContract() {
        let delays = (1...7).map { RetrySchedule.delay(afterAttempt: $0, retryAfter: nil, jitter: 0) }
        #expect(delays == [5, 300, 1800, 7200, 18000, 36000, 36000])
        #expect(RetrySchedule.delay(afterAttempt: 8, retryAfter: nil, jitter: 0) == nil)
        #expect(RetrySchedule.delay(afterAttempt: 1, retryAfter: nil, jitter: 0.5) == 5.5)
        #expect(RetrySchedule.delay(afterAttempt: 1, retryAfter: 120, jitter: 0) == 120)
        #expect(RetrySchedule.delay(afterAttempt: 2, retryAfter: 60, jitter: 0) == 300)
        #expect(RetrySchedule.parseRetryAfter("30", now: Date()) == 30)
        let now = Timestamps.parse("2026-01-01T00:00:00Z")!
        #expect(RetrySchedule.parseRetryAfter("Thu, 01 Jan 2026 00:02:00 GMT", now: now) == 120)
    }
}
