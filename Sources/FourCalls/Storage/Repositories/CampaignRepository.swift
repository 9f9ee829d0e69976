import Foundation
import SQLKit

/// SQL of campaigns: loading one (locked for a change), starting those due, their
/// audiences, and the leases each contact had per local day. Their calls are
/// `CampaignCallRepository`'s.
struct CampaignRepository {
    let db: any SQLDatabase

    /// The organization's campaign; with `lock`, its row is held until the transaction ends
    /// on PostgreSQL, so changes to one campaign (leases, results, transitions) take turns
    /// (SQLite's dialect writes no locking clause: its writes are serialized already).
    func find(id: UUID, organizationID: UUID, lock: Bool) async throws -> Campaign? {
        var select = db.select().column("*").from(Table.campaigns).where("id", .equal, id).where("organization_id", .equal, organizationID)
        if lock { select = select.for(.update) }
        return try await select.first(decoding: Campaign.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// Scheduled campaigns whose start has come become `running` (of one organization, or of
    /// all) and are returned. The conditional update lets exactly one instance start each.
    func startDue(organizationID: UUID?, now: Date) async throws -> [Campaign] {
        var update = db.update(Table.campaigns).set("status", to: CampaignStatus.running.rawValue)
            .set("started_at", to: now).set("updated_at", to: now)
            .where("status", .equal, CampaignStatus.scheduled.rawValue).where("scheduled_start", .lessThanOrEqual, now)
        if let organizationID { update = update.where("organization_id", .equal, organizationID) }
        return try await update.returning(SQLLiteral.all).all(decoding: Campaign.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// The organization's running campaigns (or the one named), oldest start first.
    func running(organizationID: UUID, campaignID: UUID?) async throws -> [UUID] {
        var select = db.select().column("id").from(Table.campaigns)
            .where("organization_id", .equal, organizationID).where("status", .equal, CampaignStatus.running.rawValue)
            .orderBy("started_at").orderBy("id")
        if let campaignID { select = select.where("id", .equal, campaignID) }
        return try await select.all(decodingColumn: "id", as: UUID.self)
    }

    /// The unique contacts of the lists, in the order they were added to them.
    func audience(listIDs: [UUID], organizationID: UUID) async throws -> [AudienceMember] {
        guard !listIDs.isEmpty else { return [] }
        let rows = try await Self.memberColumns(db.select())
            .from(Table.contactListMembers)
            .join(Table.contacts, on: SQLColumn("id", table: Table.contacts), .equal, SQLColumn("contact_id", table: Table.contactListMembers))
            .where(SQLColumn("contact_list_id", table: Table.contactListMembers), .in, SQLBind.group(listIDs))
            .where(SQLColumn("organization_id", table: Table.contacts), .equal, SQLBind(organizationID))
            .orderBy(SQLColumn("added_at", table: Table.contactListMembers)).orderBy(SQLColumn("id", table: Table.contacts))
            .all()
        var seen: Set<UUID> = []
        return try rows.compactMap { row in
            let member = try Self.member(row)
            return seen.insert(member.contactID).inserted ? member : nil
        }
    }

    /// The contacts of a started campaign's snapshot that still exist, in its order.
    func snapshot(campaignID: UUID, organizationID: UUID) async throws -> [AudienceMember] {
        try await Self.memberColumns(db.select())
            .from(Table.campaignCalls)
            .join(Table.contacts, on: SQLColumn("id", table: Table.contacts), .equal, SQLColumn("contact_id", table: Table.campaignCalls))
            .where(SQLColumn("campaign_id", table: Table.campaignCalls), .equal, SQLBind(campaignID))
            .where(SQLColumn("organization_id", table: Table.campaignCalls), .equal, SQLBind(organizationID))
            .orderBy(SQLColumn("position", table: Table.campaignCalls))
            .all().map(Self.member)
    }

    private static func memberColumns(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
        ["id", "created_at", "phone", "status", "consent_at", "timezone"].reduce(select) {
            $0.column(SQLColumn($1, table: Table.contacts))
        }
    }

    private static func member(_ row: any SQLRow) throws -> AudienceMember {
        AudienceMember(
            contactID: try row.decode(column: "id", as: UUID.self), createdAt: try row.decode(column: "created_at", as: Date.self),
            phone: try row.decode(column: "phone", as: String?.self), status: try row.decode(column: "status", as: ContactStatus.self),
            consentAt: try row.decode(column: "consent_at", as: Date?.self), timezone: try row.decode(column: "timezone", as: String?.self))
    }

    /// Counts one more lease of the contact on its local `day` unless it had `cap` already;
    /// false when the cap is reached. One statement, so concurrent leases of one contact by
    /// several campaigns (on any instance) cannot pass the cap together.
    func countAttempt(contactID: UUID, organizationID: UUID, day: String, cap: Int) async throws -> Bool {
        let counted = SQLColumn("attempts", table: Table.contactDailyAttempts)
        return try await !db.insert(into: Table.contactDailyAttempts)
            .columns("organization_id", "contact_id", "local_day", "attempts")
            .values(SQLBind(organizationID), SQLBind(contactID), SQLBind(day), SQLLiteral.numeric("1"))
            .onConflict(with: ["contact_id", "local_day"]) { update in
                update.set(SQLIdentifier("attempts"), to: SQLBinaryExpression(counted, .add, SQLLiteral.numeric("1")))
                    .where(counted, .lessThan, SQLBind(cap))
            }
            .returning("attempts").all().isEmpty
    }

    /// Per-day counts older than `day` (text `yyyy-MM-dd`) are no longer read.
    func deleteAttempts(before day: String) async throws {
        try await db.delete(from: Table.contactDailyAttempts).where("local_day", .lessThan, day).run()
    }

    /// A page of the organization's campaigns, optionally of one status.
    func page(organizationID: UUID, status: CampaignStatus?, _ page: PageRequest) async throws -> Paged<Campaign> {
        try await TenantRows<Campaign>(db: db).page(organizationID: organizationID, page) { select in
            status.map { select.where("status", .equal, $0.rawValue) } ?? select
        }
    }
}
