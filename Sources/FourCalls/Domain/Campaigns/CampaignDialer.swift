import Foundation
import SQLKit

/// The dialing protocol of AI agents: leasing the next due call, recording its result,
/// retries, expired leases, scheduled starts and completion. Every change to a campaign's
/// calls holds the campaign's row lock on PostgreSQL (`CampaignService.load(lock:)`); on
/// SQLite the single writer serializes them. So limits, leases and the one
/// `campaign.completed` hold with several server instances.
struct CampaignDialer: Sendable {
    let storage: any Storage
    let clock: any AppClock

    /// A lease not reported within this time goes back to the queue (CONTRACT section 5).
    static let leaseDuration: TimeInterval = 15 * 60

    private static func calls(_ db: any SQLDatabase) -> TenantRows<CampaignCall> { TenantRows(db: db) }

    /// A leased call: what the agent needs to dial.
    struct Lease: Sendable {
        let call: CampaignCall
        let campaign: Campaign
        let contact: TaggedContact
        let coordinator: CoordinatorWithTemplates?
    }

    // MARK: Starting and completing

    /// Makes a campaign `running`, records `campaign.started`, and completes it at once when
    /// nobody in its audience may be called.
    static func begin(_ campaign: inout Campaign, now: Date, on db: any SQLDatabase) async throws {
        campaign.status = .running
        campaign.startedAt = now
        campaign.updatedAt = now
        try await CampaignService.rows(db).update(campaign, id: campaign.id, organizationID: campaign.organizationId)
        let started = try await CampaignService.withStats(campaign, on: db)
        try await EventRecorder.record(.campaignStarted, organizationID: campaign.organizationId, data: .campaign(started), at: now, on: db)
        try await completeIfDone(&campaign, now: now, on: db)
    }

    /// A running campaign whose every call is final becomes `completed` and records
    /// `campaign.completed`. The caller holds the campaign's lock, so this happens once.
    static func completeIfDone(_ campaign: inout Campaign, now: Date, on db: any SQLDatabase) async throws {
        guard campaign.status == .running else { return }
        let open = try await CampaignCallRepository(db: db).count(campaignID: campaign.id, in: [.pending, .inProgress])
        guard open == 0 else { return }
        campaign.status = .completed
        campaign.completedAt = now
        campaign.updatedAt = now
        try await CampaignService.rows(db).update(campaign, id: campaign.id, organizationID: campaign.organizationId)
        let completed = try await CampaignService.withStats(campaign, on: db)
        try await EventRecorder.record(
            .campaignCompleted, organizationID: campaign.organizationId, data: .campaign(completed), at: now, on: db)
    }

    /// Scheduled campaigns whose start has come become `running` (of one organization, or
    /// of all). The conditional update lets exactly one instance start each.
    static func startDue(organizationID: UUID?, now: Date, on db: any SQLDatabase) async throws {
        for var campaign in try await CampaignRepository(db: db).startDue(organizationID: organizationID, now: now) {
            let withStats = try await CampaignService.withStats(campaign, on: db)
            try await EventRecorder.record(
                .campaignStarted, organizationID: campaign.organizationId, data: .campaign(withStats), at: now, on: db)
            try await completeIfDone(&campaign, now: now, on: db)
        }
    }

    /// What the background scheduler does on each tick, for every organization.
    func tick() async throws {
        let now = clock.now()
        try await storage.transaction { db in
            // Leases past their time go back to the queue in their old place; the abandoned
            // attempt does not count (the agent never said it dialed).
            try await CampaignCallRepository(db: db).releaseExpired(campaignID: nil, now: now)
            try await Self.startDue(organizationID: nil, now: now, on: db)
        }
    }

    // MARK: Leasing

    /// Leases the next due call of the organization's running campaigns (or of one of
    /// them), oldest campaign first; nil when none is due: every campaign is at its
    /// `max_concurrent_calls`, outside its calling window, or waiting for retries.
    func leaseNext(in organization: Organization, agentID: UUID, campaignID: UUID?) async throws -> Lease? {
        let now = clock.now()
        return try await storage.transaction { db in
            try await Self.startDue(organizationID: organization.id, now: now, on: db)
            for id in try await CampaignRepository(db: db).running(organizationID: organization.id, campaignID: campaignID) {
                var campaign = try await CampaignService.load(id, in: organization.id, lock: true, on: db)
                guard campaign.status == .running else { continue }
                if let lease = try await Self.lease(in: &campaign, of: organization, agentID: agentID, now: now, on: db) {
                    AppMetrics.campaignLease("leased").increment()
                    return lease
                }
            }
            AppMetrics.campaignLease("none").increment()
            return nil
        }
    }

    /// The next due call of one campaign whose contact may be called now (CONTRACT section
    /// 12): inside the campaign's window and quiet hours in the contact's zone, not
    /// suppressed, consent given when required, under the contact's daily cap. Calls that
    /// may never be made are `skipped` with their reason; calls over the cap wait for the
    /// contact's next day.
    private static func lease(in campaign: inout Campaign, of organization: Organization, agentID: UUID, now: Date, on db: any SQLDatabase)
        async throws -> Lease?
    {
        let campaignCalls = CampaignCallRepository(db: db)
        try await campaignCalls.releaseExpired(campaignID: campaign.id, now: now)
        guard try await campaignCalls.count(campaignID: campaign.id, in: [.inProgress]) < campaign.maxConcurrentCalls else { return nil }
        // The window is read in each contact's zone: first the zones where it is open now.
        guard let window = campaign.window.effective(for: organization) else { return nil }
        let zones = try await campaignCalls.dueZones(campaignID: campaign.id, now: now)
        let open = zones.filter { window.contains(now, in: TimeZone(identifier: $0) ?? .gmt) }
        guard !open.isEmpty else { return nil }
        while true {
            guard var call = try await campaignCalls.nextDue(campaignID: campaign.id, now: now, in: open) else {
                try await completeIfDone(&campaign, now: now, on: db)
                return nil
            }
            let contact = try await call.contactId.asyncFlatMap {
                try await TenantRows<Contact>(db: db).find(id: $0, organizationID: campaign.organizationId)
            }
            call.updatedAt = now
            // A contact deleted, marked do-not-contact, suppressed... since the snapshot is never called.
            var reason: ExclusionReason? = .contactDeleted
            if let contact {
                let suppressed = try await contact.phone.asyncFlatMap {
                    try await SuppressionRepository(db: db).contains(phone: $0, organizationID: campaign.organizationId)
                }
                reason = AudienceScreen.reason(for: AudienceMember(contact), suppressed: suppressed ?? false, requireConsent: campaign.requireConsent)
            }
            guard let contact, reason == nil else {
                call.status = .skipped
                call.skipReason = reason
                call.nextAttemptAt = nil
                call.completedAt = now
                try await calls(db).update(call, id: call.id, organizationID: call.organizationId)
                continue
            }
            // The contact's leases today, across campaigns: over the cap, the call waits for tomorrow.
            let zone = TimeZone(identifier: call.timezone) ?? organization.timeZone
            let today = LocalDay(containing: now, in: zone)
            guard
                try await CampaignRepository(db: db).countAttempt(
                    contactID: contact.id, organizationID: campaign.organizationId, day: today.text, cap: organization.maxDailyAttemptsPerContact)
            else {
                let calendar = LocalDay.calendar(zone)
                call.nextAttemptAt = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: now)) ?? now.addingTimeInterval(86_400)
                try await calls(db).update(call, id: call.id, organizationID: call.organizationId)
                continue
            }
            call.status = .inProgress
            call.attempts += 1
            call.leasedUntil = now.addingTimeInterval(leaseDuration)
            call.agentId = agentID
            try await calls(db).update(call, id: call.id, organizationID: call.organizationId)
            let coordinator = try await campaign.coordinatorId.asyncFlatMap { id in
                try await TenantRows<Coordinator>(db: db).find(id: id, organizationID: campaign.organizationId)
            }
            let tags = try await ContactRepository(db: db).tags(of: [contact.id])[contact.id] ?? []
            return Lease(
                call: call, campaign: campaign, contact: TaggedContact(contact: contact, tags: tags),
                coordinator: try await coordinator.asyncFlatMap { try await CoordinatorService.withTemplates($0, on: db) })
        }
    }

    // MARK: Results

    /// Records an agent's result for a campaign call, in the interaction's transaction: it
    /// is retried as the campaign's `retry_rules` say for the outcome, else `missed` and
    /// `voicemail` after `retry_delay_minutes` until `max_attempts`; the rest are final.
    /// Returns the call as it now stands and its campaign, locked: the caller then records
    /// the call and calls `completeIfDone`.
    static func record(_ result: CallStatus, for campaignCallID: UUID, organizationID: UUID, now: Date, on db: any SQLDatabase) async throws
        -> (CampaignCall, Campaign)
    {
        guard let found = try await calls(db).find(id: campaignCallID, organizationID: organizationID) else {
            throw APIError.validation(field: "campaign_call_id", "The selected campaign call id is invalid.")
        }
        let campaign = try await CampaignService.load(found.campaignId, in: organizationID, lock: true, on: db)
        // Read again under the campaign's lock: another result may have just been recorded.
        guard var call = try await calls(db).find(id: campaignCallID, organizationID: organizationID) else {
            throw APIError.validation(field: "campaign_call_id", "The selected campaign call id is invalid.")
        }
        guard !call.status.isFinal else {
            throw APIError.conflict("This campaign call already has its final result (\(call.status.rawValue)).")
        }
        // A lease that expired before the report went back to the queue without its attempt.
        if call.status == .pending { call.attempts += 1 }
        call.lastResult = result
        call.leasedUntil = nil
        call.agentId = nil
        call.updatedAt = now
        if let delay = campaign.retries.retry(after: result, attempts: call.attempts, campaign: campaign) {
            call.status = .pending
            call.nextAttemptAt = now.addingTimeInterval(delay)
        } else {
            call.status = CampaignCallStatus(rawValue: result.rawValue) ?? .failed
            call.nextAttemptAt = nil
            call.completedAt = now
        }
        try await calls(db).update(call, id: call.id, organizationID: organizationID)
        return (call, campaign)
    }
}
