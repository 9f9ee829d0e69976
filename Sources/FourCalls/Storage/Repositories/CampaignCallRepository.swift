import Foundation
import SQLKit

/// SQL of a campaign's calls (the snapshot of its audience): what is open, due, leased and
/// counted, and the call records of their attempts.
struct CampaignCallRepository {
    let db: any SQLDatabase

    /// Calls of the campaign in one of `statuses`.
    func count(campaignID: UUID, in statuses: [CampaignCallStatus]) async throws -> Int {
        try await db.select().column(SQLRaw("COUNT(*)"), as: "count").from(Table.campaignCalls)
            .where("campaign_id", .equal, campaignID).where("status", .in, statuses.map(\.rawValue))
            .first(decodingColumn: "count", as: Int.self) ?? 0
    }

    /// Leases past their time go back to `pending` without the attempt they counted (of one
    /// campaign, or of all).
    func releaseExpired(campaignID: UUID?, now: Date) async throws {
        var update = db.update(Table.campaignCalls)
            .set("status", to: CampaignCallStatus.pending.rawValue)
            .set(SQLIdentifier("attempts"), to: SQLRaw("attempts - 1"))
            .set("leased_until", to: SQLLiteral.null).set("agent_id", to: SQLLiteral.null)
            .set("updated_at", to: now)
            .where("status", .equal, CampaignCallStatus.inProgress.rawValue).where("leased_until", .lessThanOrEqual, now)
        if let campaignID { update = update.where("campaign_id", .equal, campaignID) }
        try await update.run()
    }

    private func due(_ select: SQLSelectBuilder, campaignID: UUID, now: Date) -> SQLSelectBuilder {
        select.from(Table.campaignCalls).where("campaign_id", .equal, campaignID)
            .where("status", .equal, CampaignCallStatus.pending.rawValue).where("next_attempt_at", .lessThanOrEqual, now)
    }

    /// The time zones of the campaign's calls that are due.
    func dueZones(campaignID: UUID, now: Date) async throws -> [String] {
        try await due(db.select().distinct().column("timezone"), campaignID: campaignID, now: now)
            .all(decodingColumn: "timezone", as: String.self)
    }

    /// The campaign's call due first among those in `zones`: oldest due time, then snapshot order.
    func nextDue(campaignID: UUID, now: Date, in zones: [String]) async throws -> CampaignCall? {
        try await due(db.select().column("*"), campaignID: campaignID, now: now).where("timezone", .in, zones)
            .orderBy("next_attempt_at").orderBy("position").limit(1)
            .first(decoding: CampaignCall.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// How many calls of each campaign are in each state: the counts campaign stats are made of.
    struct Tally: Sendable {
        let campaignID: UUID
        let status: CampaignCallStatus
        let lastResult: CallStatus?
        /// Whether these calls were dialled at least once.
        let made: Bool
        let count: Int
    }

    func tallies(of campaignIDs: [UUID]) async throws -> [Tally] {
        guard !campaignIDs.isEmpty else { return [] }
        let made = SQLRaw("CASE WHEN attempts > 0 THEN 1 ELSE 0 END")
        return try await db.select().column("campaign_id").column("status").column("last_result")
            .column(made, as: "made").column(SQLRaw("COUNT(*)"), as: "count")
            .from(Table.campaignCalls).where("campaign_id", .in, campaignIDs)
            .groupBy("campaign_id").groupBy("status").groupBy("last_result").groupBy(made)
            .all()
            .map { row in
                Tally(
                    campaignID: try row.decode(column: "campaign_id", as: UUID.self),
                    status: try row.decode(column: "status", as: CampaignCallStatus.self),
                    lastResult: try row.decode(column: "last_result", as: CallStatus?.self),
                    made: try row.decode(column: "made", as: Int.self) == 1, count: try row.decode(column: "count", as: Int.self))
            }
    }

    /// The call records of each campaign call's attempts, oldest first.
    func attempts(of campaignCallIDs: [UUID], organizationID: UUID) async throws -> [UUID: [Call]] {
        guard !campaignCallIDs.isEmpty else { return [:] }
        let rows = try await db.select().column(SQLColumn("campaign_call_id", table: Table.aiInteractions), as: "campaign_call_id")
            .column(SQLColumn(SQLLiteral.all, table: Table.calls))
            .from(Table.aiInteractions)
            .join(Table.calls, on: SQLColumn("id", table: Table.calls), .equal, SQLColumn("call_id", table: Table.aiInteractions))
            .where(SQLColumn("campaign_call_id", table: Table.aiInteractions), .in, SQLBind.group(campaignCallIDs))
            .where(SQLColumn("organization_id", table: Table.aiInteractions), .equal, SQLBind(organizationID))
            .orderBy(SQLColumn("started_at", table: Table.calls)).orderBy(SQLColumn("id", table: Table.calls))
            .all()
        var attempts: [UUID: [Call]] = [:]
        for row in rows {
            let campaignCallID = try row.decode(column: "campaign_call_id", as: UUID.self)
            attempts[campaignCallID, default: []].append(try row.decode(model: Call.self, keyDecodingStrategy: .snakeCaseColumns))
        }
        return attempts
    }

    /// A page of the campaign's calls in snapshot order, optionally of one status.
    func page(campaignID: UUID, organizationID: UUID, status: CampaignCallStatus?, _ page: PageRequest) async throws -> Paged<CampaignCall> {
        try await TenantRows<CampaignCall>(db: db).page(organizationID: organizationID, page) { select in
            let select = select.where("campaign_id", .equal, campaignID)
            return status.map { select.where("status", .equal, $0.rawValue) } ?? select
        } order: { $0.orderBy("position") }
    }
}
