import Foundation
import SQLKit

/// SQL of the transactional outbox's writing side: events and the deliveries they make.
struct OutboxRepository {
    let db: any SQLDatabase

    struct NewEvent: Sendable {
        let id: UUID
        let organizationID: UUID
        let name: String
        /// The event's data, JSON.
        let payload: String
    }

    /// The active endpoints of these organizations.
    func activeWebhooks(of organizations: [UUID]) async throws -> [Webhook] {
        try await db.select().column("*").from(Table.webhooks)
            .where("organization_id", .in, organizations).where("active", .equal, true)
            .all(decoding: Webhook.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// Inserts the events, 500 to a statement.
    func insert(_ events: [NewEvent], at now: Date) async throws {
        for chunk in events.chunks(of: 500) {
            var insert = db.insert(into: Table.events).columns("id", "organization_id", "event", "payload", "created_at")
            for event in chunk {
                insert = insert.values(SQLBind(event.id), SQLBind(event.organizationID), SQLBind(event.name), SQLBind(event.payload), SQLBind(now))
            }
            try await insert.run()
        }
    }

    /// Inserts the deliveries, 500 to a statement.
    func insert(_ deliveries: [WebhookDelivery]) async throws {
        for chunk in deliveries.chunks(of: 500) { try await TenantRows<WebhookDelivery>(db: db).insert(Array(chunk)) }
    }

    // MARK: Delivering

    /// The due deliveries a claim takes, read without locks: among the oldest due ones
    /// (`window` of them, more than the slots, so that the turns reach past one endpoint's or
    /// organization's backlog), what each endpoint's free slots allow (`perEndpoint` less
    /// what `inFlight` holds), taken in turns across organizations, `limit` in all.
    func turns(now: Date, window: Int, limit: Int, perEndpoint: Int, inFlight: [UUID: Int]) async throws -> [UUID] {
        let saturated = inFlight.filter { $0.value >= perEndpoint }.map(\.key)
        let busy = inFlight.filter { $0.value < perEndpoint }
        let candidates = SQLSubquery.select { select in
            var select = select.column("id").column("webhook_id").column("organization_id").column("next_attempt_at")
                .from(Table.webhookDeliveries).where(Self.due(now))
            if !saturated.isEmpty { select = select.where("webhook_id", .notIn, saturated) }
            return select.orderBy("next_attempt_at").limit(window)
        }
        var slots: any SQLExpression = SQLLiteral.numeric("\(perEndpoint)")
        if !busy.isEmpty {
            var cases: [any SQLExpression] = [SQLRaw("CASE webhook_id")]
            for (endpoint, count) in busy.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                cases += [SQLRaw("WHEN"), SQLBind(endpoint), SQLRaw("THEN"), SQLLiteral.numeric("\(perEndpoint - count)")]
            }
            slots = SQLList(cases + [SQLRaw("ELSE"), slots, SQLRaw("END")], separator: SQLRaw(" "))
        }
        let ranked = SQLSubquery.select { select in
            select.column("id")
                .column(SQLRaw("ROW_NUMBER() OVER (PARTITION BY webhook_id ORDER BY next_attempt_at)"), as: "endpoint_rank")
                .column(slots, as: "endpoint_slots")
                .column(SQLRaw("ROW_NUMBER() OVER (PARTITION BY organization_id ORDER BY next_attempt_at)"), as: "organization_rank")
                .column("next_attempt_at")
                .from(SQLAlias(candidates, as: SQLIdentifier("candidates")))
        }
        return try await db.select().column("id").from(SQLAlias(ranked, as: SQLIdentifier("ranked")))
            .where(SQLColumn("endpoint_rank"), .lessThanOrEqual, SQLColumn("endpoint_slots"))
            .orderBy("organization_rank").orderBy("next_attempt_at").limit(limit)
            .all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// Leases these deliveries until `leaseUntil`, those still due when locked. On
    /// PostgreSQL rows another instance holds are skipped (`FOR UPDATE SKIP LOCKED`), and a
    /// row another instance leased since they were read is not due any more; a crashed
    /// instance's leases come back when they end.
    func lease(_ ids: [UUID], now: Date, until leaseUntil: Date) async throws -> [WebhookDelivery] {
        guard !ids.isEmpty else { return [] }
        let locking = db.dialect.name == "postgresql" ? SQLRaw("FOR UPDATE SKIP LOCKED") : SQLRaw("")
        let locked = SQLSubquery.select { select in
            select.column("id").from(Table.webhookDeliveries).where("id", .in, ids).where(Self.due(now)).lockingClause(locking)
        }
        return try await db.update(Table.webhookDeliveries)
            .set("leased_until", to: leaseUntil)
            .where("id", .in, locked)
            .returning(SQLLiteral.all)
            .all().map { try $0.decodeRow(WebhookDelivery.self) }
    }

    /// Pending, due by `now`, and not leased (or leased until before `now`).
    private static func due(_ now: Date) -> some SQLExpression {
        SQLList(
            [
                SQLBinaryExpression(SQLColumn("status"), .equal, SQLBind(DeliveryStatus.pending.rawValue)),
                SQLBinaryExpression(SQLColumn("next_attempt_at"), .lessThanOrEqual, SQLBind(now)),
                SQLGroupExpression(
                    SQLBinaryExpression(
                        SQLBinaryExpression(SQLColumn("leased_until"), .is, SQLLiteral.null), .or,
                        SQLBinaryExpression(SQLColumn("leased_until"), .lessThan, SQLBind(now)))),
            ], separator: SQLRaw(" AND "))
    }

    /// The delivery's endpoint and event, read together: nil when either is gone.
    func target(of delivery: WebhookDelivery) async throws -> (webhook: Webhook, event: StoredEvent)? {
        guard let row = try await Self.target.query(on: db, binds: [delivery.eventId, delivery.webhookId, delivery.organizationId]).first()
        else { return nil }
        let event = StoredEvent(
            id: delivery.eventId, organizationId: delivery.organizationId, event: delivery.event,
            payload: try row.decode(column: "event_payload", as: String.self),
            createdAt: try row.decode(column: "event_created_at", as: Date.self))
        return (try row.decodeRow(Webhook.self), event)
    }

    private static let target = SQLTemplate { db, binds in
        db.select().column(SQLColumn(SQLLiteral.all, table: Table.webhooks))
            .column(SQLColumn("payload", table: Table.events), as: "event_payload")
            .column(SQLColumn("created_at", table: Table.events), as: "event_created_at")
            .from(Table.webhooks)
            .join(Table.events, on: SQLBinaryExpression(SQLColumn("id", table: Table.events), .equal, SQLBind(binds[0])))
            .where(SQLColumn("id", table: Table.webhooks), .equal, SQLBind(binds[1]))
            .where(SQLColumn("organization_id", table: Table.webhooks), .equal, SQLBind(binds[2]))
            .where(SQLColumn("organization_id", table: Table.events), .equal, SQLColumn("organization_id", table: Table.webhooks))
            .query
    }

    /// Gives leased deliveries back at once.
    func release(_ ids: [UUID]) async throws {
        guard !ids.isEmpty else { return }
        try await db.update(Table.webhookDeliveries).set("leased_until", to: SQLLiteral.null).where("id", .in, ids).run()
    }

    /// A page of the organization's event log, newest first, optionally of one event;
    /// `webhook.test` events are not part of it.
    func events(organizationID: UUID, named: String?, _ page: PageRequest) async throws -> Paged<StoredEvent> {
        try await TenantRows<StoredEvent>(db: db).page(organizationID: organizationID, page) { select in
            let select = select.where("event", .notEqual, "webhook.test")
            return named.map { select.where("event", .equal, $0) } ?? select
        } order: { select in
            select.orderBy("created_at", .descending).orderBy("id", .descending)
        }
    }

    // MARK: Streaming (CONTRACT section 11)

    /// The events of these organizations recorded at `since` or later, oldest first (ties by
    /// id), `limit` at most; `webhook.test` events are not part of the log.
    func events(of organizations: [UUID], since: Date, limit: Int) async throws -> [StoredEvent] {
        guard !organizations.isEmpty else { return [] }
        return try await db.select().column("*").from(Table.events)
            .where("organization_id", .in, organizations).where("created_at", .greaterThanOrEqual, since)
            .where("event", .notEqual, "webhook.test")
            .orderBy("created_at").orderBy("id").limit(limit)
            .all().map { try $0.decodeRow(StoredEvent.self) }
    }

    /// The organization's events after the event `id` in the log's order (time, then id),
    /// oldest first, `limit` at most; nil when the organization has no event `id`. The anchor's
    /// time is compared in SQL, as stored (a time read back and bound again may differ in its
    /// last digits).
    func events(organizationID: UUID, after id: UUID, limit: Int) async throws -> [StoredEvent]? {
        guard try await TenantRows<StoredEvent>(db: db).find(id: id, organizationID: organizationID) != nil else { return nil }
        let anchorTime = SQLSubquery.select { select in
            select.column("created_at").from(Table.events).where("id", .equal, id).where("organization_id", .equal, organizationID)
        }
        return try await db.select().column("*").from(Table.events)
            .where("organization_id", .equal, organizationID).where("event", .notEqual, "webhook.test")
            .where { group in
                group.where(SQLColumn("created_at"), .greaterThan, anchorTime)
                    .orWhere { $0.where(SQLColumn("created_at"), .equal, anchorTime).where("id", .greaterThan, id) }
            }
            .orderBy("created_at").orderBy("id").limit(limit)
            .all().map { try $0.decodeRow(StoredEvent.self) }
    }
}

/// The log is read on every stream's wake-up: its rows are converted without `Codable`.
extension StoredEvent: LeanRowDecodable {
    init(leanRow row: LeanEngineRow) throws {
        self.init(
            id: try row.convert("id"), organizationId: try row.convert("organization_id"), event: try row.convert("event"),
            payload: try row.convert("payload"), createdAt: try row.convert("created_at"))
    }
}

/// Deliveries are read on every claim, and their endpoints on every attempt: their rows are
/// converted without `Codable`.
extension WebhookDelivery: LeanRowDecodable {
    init(leanRow row: LeanEngineRow) throws {
        self.init(
            id: try row.convert("id"), webhookId: try row.convert("webhook_id"), organizationId: try row.convert("organization_id"),
            eventId: try row.convert("event_id"), event: try row.convert("event"), status: try row.enumValue("status"),
            attempts: try row.convert("attempts"), nextAttemptAt: try row.convert("next_attempt_at"),
            leasedUntil: try row.convertIfPresent("leased_until"), lastStatusCode: try row.convertIfPresent("last_status_code"),
            lastError: try row.convertIfPresent("last_error"), deliveredAt: try row.convertIfPresent("delivered_at"),
            createdAt: try row.convert("created_at"), updatedAt: try row.convert("updated_at"))
    }
}

extension Webhook: LeanRowDecodable {
    init(leanRow row: LeanEngineRow) throws {
        self.init(
            id: try row.convert("id"), organizationId: try row.convert("organization_id"), name: try row.convert("name"),
            url: try row.convert("url"), secretCiphertext: try row.convert("secret_ciphertext"), events: try row.convert("events"),
            active: try row.convert("active"), disabledReason: try row.convertIfPresent("disabled_reason"),
            failingSince: try row.convertIfPresent("failing_since"), createdAt: try row.convert("created_at"),
            updatedAt: try row.convert("updated_at"))
    }
}
