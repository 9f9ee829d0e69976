import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SQLKit
import ServiceLifecycle

/// Delivers the outbox: claims due deliveries under a lease, POSTs them, records every
/// attempt and schedules retries. On PostgreSQL the claim skips rows other instances hold
/// (`FOR UPDATE SKIP LOCKED`), and a crashed instance's claims come back when their lease
/// ends; on SQLite one process owns the database.
///
/// One slow endpoint never delays the others (CONTRACT section 6): attempts run side by
/// side up to `maxInFlight`, at most `perEndpoint` of them for one endpoint, and a new claim
/// is made as soon as a slot frees with nothing waiting for it, skipping endpoints whose
/// slots are all taken. A claim leases up to `perEndpoint` more of a busy endpoint, to wait
/// for its slots. Claims take the due deliveries round-robin across organizations, so one
/// organization's backlog does not push another's to the back.
struct WebhookDispatcher: Service {
    let storage: any Storage
    let clock: any AppClock
    let box: SecretBox
    let urlGuard: WebhookURLGuard
    let logger: Logger
    /// Opened once the schema is migrated.
    let startup: StartupGate
    /// The unwoken beat (retries coming due, notices a lost connection missed).
    var pollInterval: Duration = .seconds(1)
    /// Attempts in flight in this instance at most.
    var maxInFlight = 64
    /// Attempts in flight to one endpoint (in this instance) at most, by default: 8 kept a
    /// receiver on this machine above 600 deliveries a second where 4 managed 470.
    static let defaultPerEndpoint = 8
    /// Attempts in flight to one endpoint (in this instance) at most.
    var perEndpoint = defaultPerEndpoint
    /// How long one attempt may take (CONTRACT section 6: 10 s).
    var attemptTimeout: Duration = .seconds(10)
    /// Three attempts long (30 s at least), so a live claim never expires mid-send.
    var lease: TimeInterval { max(30, 3 * attemptSeconds) }
    private var attemptSeconds: TimeInterval { attemptTimeout.milliseconds / 1000 }
    /// After this long failing every attempt, an endpoint is disabled.
    static let failingLimit: TimeInterval = 5 * 24 * 3600

    /// The HTTP client's settings; `pinning` maps a host name to the address checked for it.
    func clientConfiguration(pinning: [String: String] = [:]) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(attemptTimeout), read: TimeAmount(attemptTimeout)))
        configuration.httpVersion = .http1Only
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = perEndpoint
        configuration.dnsOverride = pinning
        return configuration
    }

    func run() async throws {
        let configuration = clientConfiguration()
        guard await startup.opened() else { return }
        let inFlight = InFlightAttempts(perEndpoint: perEndpoint)
        // Committed deliveries wake the loop (from any instance, on PostgreSQL); the poll is
        // the fallback for retries coming due and for notices a lost connection missed.
        storage.changes.subscribe { notice in
            if notice == .outbox || notice == .everything { inFlight.announce() }
        }
        try await HTTPClient.withHTTPClient(configuration: configuration) { http in
            // Attempts in flight finish (each within its timeout) before the group returns.
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled, !Task.isShuttingDownGracefully {
                    do {
                        let claimed = try await claimDue(inFlight: inFlight)
                        for delivery in inFlight.admit(claimed) {
                            group.addTask { await attemptInSlot(delivery, inFlight: inFlight, using: http) }
                        }
                        if !claimed.isEmpty { continue }  // more may be waiting
                    } catch {
                        // Cancelled: the server is stopping (or never started: its port was taken).
                        if Task.isCancelled { break }
                        logger.error("webhook dispatch failed", metadata: ["error": "\(String(reflecting: error))"])
                    }
                    // Woken by shutdown too: stopping never waits out the poll.
                    await cancelWhenGracefulShutdown { await inFlight.waitForChange(upTo: pollInterval) }
                }
            }
        }
    }

    /// Claims as many due deliveries as there are free slots, and up to as many again per
    /// endpoint to wait for its slots: each attempt that ends takes the next one up at once,
    /// so a busy endpoint needs a claim for every `perEndpoint` deliveries, not for each.
    private func claimDue(inFlight: InFlightAttempts) async throws -> [WebhookDelivery] {
        let free = maxInFlight - inFlight.attempting
        guard free > 0 else { return [] }
        let now = clock.now()
        let held = inFlight.held
        let (perEndpoint, lease) = (perEndpoint, lease)
        return try await storage.autocommit { db in
            let outbox = OutboxRepository(db: db)
            // The oldest due ones, more than the slots, so that the turns can reach past one
            // endpoint's or organization's backlog.
            let chosen = try await outbox.turns(now: now, window: max(free * 4, 16), limit: free, perEndpoint: 2 * perEndpoint, inFlight: held)
            return try await outbox.lease(chosen, now: now, until: now.addingTimeInterval(lease))
        }
    }

    /// Attempts `first`, then each delivery that waits for the slot it held. One whose lease
    /// could end before its attempt does, or any once the server is stopping, goes back to
    /// the outbox instead.
    private func attemptInSlot(_ first: WebhookDelivery, inFlight: InFlightAttempts, using http: HTTPClient) async {
        var next: WebhookDelivery? = first
        while let delivery = next {
            let leaseLeft = (delivery.leasedUntil ?? .distantPast).timeIntervalSince(clock.now())
            if delivery.id == first.id || (!Task.isShuttingDownGracefully && leaseLeft > attemptSeconds + 5) {
                await attempt(delivery, using: http)
            } else {
                do {
                    try await storage.autocommit { db in try await OutboxRepository(db: db).release([delivery.id]) }
                } catch {
                    logger.warning("webhook delivery kept until its lease ends", metadata: ["delivery": "\(delivery.id.api)", "error": "\(error)"])
                }
            }
            next = inFlight.finished(delivery)
        }
    }

    /// What one HTTP attempt came to.
    struct Outcome: Sendable {
        var statusCode: Int?
        var responseBody: String?
        var error: String?
        var retryAfter: TimeInterval?
        var succeeded: Bool { statusCode.map { (200..<300).contains($0) } ?? false }
    }

    func attempt(_ delivery: WebhookDelivery, using http: HTTPClient) async {
        do {
            let target = try await storage.read { db in try await OutboxRepository(db: db).target(of: delivery) }
            guard let (webhook, event) = target, webhook.active else {
                try await finish(delivery, as: .failed, error: "The endpoint is disabled or was deleted.")
                return
            }
            let started = ContinuousClock.now
            let outcome = await send(event: event, delivery: delivery, to: webhook, using: http)
            let elapsed = ContinuousClock.now - started
            let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            try await record(outcome, durationMs: milliseconds, for: delivery, webhook: webhook)
        } catch {
            logger.error("webhook attempt could not be recorded", metadata: ["delivery": "\(delivery.id.api)", "error": "\(error)"])
        }
    }

    private func send(event: StoredEvent, delivery: WebhookDelivery, to webhook: Webhook, using http: HTTPClient) async -> Outcome {
        let target: WebhookURLGuard.Target
        do {
            target = try await urlGuard.target(for: webhook.url)
        } catch {
            return Outcome(error: "\(error)")
        }
        do {
            let secret = try box.open(webhook.secretCiphertext)
            let body = event.body
            let timestamp = Int(clock.now().timeIntervalSince1970)
            var request = HTTPClientRequest(url: webhook.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "4Calls-Webhooks/1.0")
            request.headers.add(name: "X-4Calls-Event", value: event.event)
            request.headers.add(name: "X-4Calls-Signature", value: WebhookSignature.hex(body: body, secret: secret))
            request.headers.add(name: "webhook-id", value: delivery.id.api)
            request.headers.add(name: "webhook-timestamp", value: String(timestamp))
            request.headers.add(
                name: "webhook-signature", value: WebhookSignature.standard(id: delivery.id.api, timestamp: timestamp, body: body, secret: secret))
            request.body = .bytes(ByteBuffer(string: body))
            guard let address = target.pinnedAddress else { return try await exchange(request, on: http) }
            // A host name: connect to the address just checked (its TLS name and `Host`
            // stay the URL's), on a client of this attempt's own, since the shared
            // client's connections resolve names themselves.
            let pinned = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration(pinning: [target.host: address]))
            do {
                let outcome = try await exchange(request, on: pinned)
                try? await pinned.shutdown()
                return outcome
            } catch {
                try? await pinned.shutdown()
                throw error
            }
        } catch {
            return Outcome(error: String("\(error)".prefix(1024)))
        }
    }

    private func exchange(_ request: HTTPClientRequest, on http: HTTPClient) async throws -> Outcome {
        let response = try await http.execute(request, timeout: TimeAmount(attemptTimeout))
        let responseBody = try? await response.body.collect(upTo: 64 * 1024)
        return Outcome(
            statusCode: Int(response.status.code),
            responseBody: responseBody.map { String(String(buffer: $0).prefix(1024)) },
            retryAfter: RetrySchedule.parseRetryAfter(response.headers.first(name: "Retry-After"), now: clock.now()))
    }

    /// Writes the attempt and the delivery's new state (`WebhookDeliveryRepository.record`);
    /// a 410 or five days of failures disable the endpoint.
    private func record(_ outcome: Outcome, durationMs: Int, for delivery: WebhookDelivery, webhook: Webhook) async throws {
        let now = clock.now()
        let jitter = Double.random(in: -0.1...0.1)
        try await storage.autocommit { db in
            let attempt = WebhookAttempt(
                id: UUID.random(), deliveryId: delivery.id, attemptedAt: now, statusCode: outcome.statusCode, durationMs: durationMs,
                responseBody: outcome.responseBody, error: outcome.error)
            var updated = delivery
            updated.attempts += 1
            updated.leasedUntil = nil
            updated.lastStatusCode = outcome.statusCode
            updated.lastError = outcome.error
            updated.updatedAt = now
            var endpoint = webhook
            if outcome.succeeded {
                updated.status = .delivered
                updated.deliveredAt = now
                endpoint.failingSince = nil
            } else {
                endpoint.failingSince = endpoint.failingSince ?? now
                if outcome.statusCode == 410 {
                    updated.status = .failed
                    endpoint.active = false
                    endpoint.disabledReason = "The endpoint answered 410 Gone."
                } else if let failingSince = endpoint.failingSince, now.timeIntervalSince(failingSince) >= Self.failingLimit {
                    updated.status = .failed
                    endpoint.active = false
                    endpoint.disabledReason = "Every attempt failed for 5 days."
                } else if let delay = RetrySchedule.delay(afterAttempt: updated.attempts, retryAfter: outcome.retryAfter, jitter: jitter) {
                    updated.nextAttemptAt = now.addingTimeInterval(delay)
                } else {
                    updated.status = .failed
                }
            }
            try await WebhookDeliveryRepository(db: db).record(attempt, settling: updated)
            AppMetrics.webhookAttempt(updated.status == .pending ? "retrying" : updated.status.rawValue).increment()
            if endpoint.failingSince != webhook.failingSince || endpoint.active != webhook.active {
                endpoint.updatedAt = now
                try await TenantRows<Webhook>(db: db).update(endpoint, id: webhook.id, organizationID: webhook.organizationId)
            }
        }
    }

    private func finish(_ delivery: WebhookDelivery, as status: DeliveryStatus, error: String) async throws {
        let now = clock.now()
        try await storage.autocommit { db in
            var updated = delivery
            updated.status = status
            updated.lastError = error
            updated.updatedAt = now
            try await WebhookDeliveryRepository(db: db).settle(updated)
        }
    }
}
