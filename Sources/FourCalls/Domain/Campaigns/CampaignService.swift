import Foundation
import SQLKit

/// A campaign with its statistics, as the API shows it.
struct CampaignWithStats: Sendable {
    let campaign: Campaign
    let stats: CampaignStats
}

/// Campaigns: CRUD, start (audience snapshot), pause, resume, cancel, stats and per-contact
/// progress. Dialing itself is `CampaignDialer`'s.
struct CampaignService: Sendable {
    let storage: any Storage
    let clock: any AppClock

    static let notFound = APIError.notFound("Campaign not found.")

    static func rows(_ db: any SQLDatabase) -> TenantRows<Campaign> { TenantRows(db: db) }

    /// Validated fields of a create or update; nil leaves a field unchanged.
    struct Changes: Sendable {
        var name: String?
        var description: String??
        var script: String??
        var contactListIDs: [UUID]?
        var coordinatorID: UUID??
        var scheduledStart: Date??
        var maxConcurrentCalls: Int?
        var maxAttempts: Int?
        var retryDelayMinutes: Int?
        var callingWindow: CallingWindow?
        var requireConsent: Bool?
        var retryRules: RetryRules?
        var metadata: JSONValue?

        func apply(to campaign: inout Campaign) {
            if let name { campaign.name = name }
            if let description { campaign.description = description }
            if let script { campaign.script = script }
            if let contactListIDs { campaign.contactListIds = Campaign.encodeListIDs(contactListIDs) }
            if let coordinatorID { campaign.coordinatorId = coordinatorID }
            if let scheduledStart { campaign.scheduledStart = scheduledStart }
            if let maxConcurrentCalls { campaign.maxConcurrentCalls = maxConcurrentCalls }
            if let maxAttempts { campaign.maxAttempts = maxAttempts }
            if let retryDelayMinutes { campaign.retryDelayMinutes = retryDelayMinutes }
            if let callingWindow { campaign.callingWindow = callingWindow.jsonText() }
            if let requireConsent { campaign.requireConsent = requireConsent }
            if let retryRules { campaign.retryRules = retryRules.jsonText() }
            if let metadata { campaign.metadata = metadata.jsonText() }
        }

        /// 422 naming each list or coordinator that is not the organization's.
        func checkReferences(in organizationID: UUID, on db: any SQLDatabase) async throws {
            var errors = FieldErrors()
            if let contactListIDs {
                let found = Set(try await TenantRows<ContactList>(db: db)
                    .find(ids: contactListIDs, organizationID: organizationID).map(\.id))
                for (index, id) in contactListIDs.enumerated() where !found.contains(id) {
                    errors.add("contact_list_ids.\(index)", "No contact list with this id in the organization.")
                }
            }
            if let coordinatorID = coordinatorID ?? nil,
                try await TenantRows<Coordinator>(db: db).find(id: coordinatorID, organizationID: organizationID) == nil
            {
                errors.add("coordinator_id", "The selected coordinator id is invalid.")
            }
            if !errors.isEmpty { throw APIError.validation(errors.messages) }
        }
    }

    // MARK: CRUD

    func list(_ organizationID: UUID, status: CampaignStatus?, page: PageRequest) async throws -> Paged<CampaignWithStats> {
        try await storage.read { db in
            let campaigns = try await CampaignRepository(db: db).page(organizationID: organizationID, status: status, page)
            let stats = try await Self.stats(of: campaigns.items.map(\.id), on: db)
            return campaigns.map { CampaignWithStats(campaign: $0, stats: stats[$0.id] ?? CampaignStats()) }
        }
    }

    func find(_ id: UUID, in organizationID: UUID) async throws -> CampaignWithStats {
        try await storage.read { db in try await Self.withStats(try await Self.load(id, in: organizationID, on: db), on: db) }
    }

    static func load(_ id: UUID, in organizationID: UUID, lock: Bool = false, on db: any SQLDatabase) async throws -> Campaign {
        guard let campaign = try await CampaignRepository(db: db).find(id: id, organizationID: organizationID, lock: lock) else {
            throw notFound
        }
        return campaign
    }

    static func withStats(_ campaign: Campaign, on db: any SQLDatabase) async throws -> CampaignWithStats {
        CampaignWithStats(campaign: campaign, stats: try await stats(of: [campaign.id], on: db)[campaign.id] ?? CampaignStats())
    }

    func create(in organizationID: UUID, _ changes: Changes) async throws -> CampaignWithStats {
        let now = clock.now()
        var campaign = Campaign(
            id: UUID.random(), organizationId: organizationID, coordinatorId: nil, name: "", description: nil, script: nil,
            contactListIds: "[]", status: .draft, scheduledStart: nil, maxConcurrentCalls: Campaign.defaultMaxConcurrentCalls,
            maxAttempts: Campaign.defaultMaxAttempts, retryDelayMinutes: Campaign.defaultRetryDelayMinutes,
            callingWindow: CallingWindow.standard.jsonText(), metadata: "{}", requireConsent: false,
            retryRules: RetryRules.none.jsonText(), startedAt: nil, completedAt: nil, cancelledAt: nil,
            createdAt: now, updatedAt: now)
        changes.apply(to: &campaign)
        let row = campaign
        try await storage.transaction { db in
            try await changes.checkReferences(in: organizationID, on: db)
            try await Self.rows(db).insert(row)
        }
        return CampaignWithStats(campaign: row, stats: CampaignStats())
    }

    /// The audience (`contact_list_ids`) and `scheduled_start` change only before the start.
    func update(_ id: UUID, in organizationID: UUID, with changes: Changes) async throws -> CampaignWithStats {
        let now = clock.now()
        return try await storage.transaction { db in
            var campaign = try await Self.load(id, in: organizationID, lock: true, on: db)
            if campaign.status != .draft, changes.contactListIDs != nil || changes.scheduledStart != nil {
                throw APIError.conflict("The audience and start time change only while the campaign is a draft (it is \(campaign.status.rawValue)).")
            }
            try await changes.checkReferences(in: organizationID, on: db)
            changes.apply(to: &campaign)
            campaign.updatedAt = now
            try await Self.rows(db).update(campaign, id: id, organizationID: organizationID)
            return try await Self.withStats(campaign, on: db)
        }
    }

    /// A running campaign is paused or cancelled first, so no agent is calling for it.
    func delete(_ id: UUID, in organizationID: UUID) async throws {
        try await storage.transaction { db in
            let campaign = try await Self.load(id, in: organizationID, lock: true, on: db)
            if campaign.status == .running {
                throw APIError.conflict("A running campaign cannot be deleted: pause or cancel it first.")
            }
            try await Self.rows(db).delete(id: id, organizationID: organizationID)
        }
    }

    // MARK: Transitions

    /// Snapshots the audience and starts the campaign: `running` at once, or `scheduled`
    /// until a `scheduled_start` still in the future. Only drafts start.
    func start(_ id: UUID, in organizationID: UUID) async throws -> CampaignWithStats {
        let now = clock.now()
        return try await storage.transaction { db in
            var campaign = try await Self.load(id, in: organizationID, lock: true, on: db)
            guard campaign.status == .draft else {
                throw APIError.conflict("Only a draft campaign can be started (this one is \(campaign.status.rawValue)).")
            }
            try await Self.snapshotAudience(of: campaign, now: now, on: db)
            if let start = campaign.scheduledStart, start > now {
                campaign.status = .scheduled
                campaign.updatedAt = now
                try await Self.rows(db).update(campaign, id: id, organizationID: organizationID)
            } else {
                try await CampaignDialer.begin(&campaign, now: now, on: db)
            }
            return try await Self.withStats(campaign, on: db)
        }
    }

    /// Stops handing out calls (calls in progress may still report).
    func pause(_ id: UUID, in organizationID: UUID) async throws -> CampaignWithStats {
        try await transition(id, in: organizationID, from: [.running, .scheduled], verb: "paused") { campaign, _, _ in
            campaign.status = .paused
        }
    }

    /// Back to `running` (or `scheduled` when its start is still ahead).
    func resume(_ id: UUID, in organizationID: UUID) async throws -> CampaignWithStats {
        try await transition(id, in: organizationID, from: [.paused], verb: "resumed") { campaign, now, db in
            if campaign.startedAt == nil, let start = campaign.scheduledStart, start > now {
                campaign.status = .scheduled
            } else if campaign.startedAt == nil {
                try await CampaignDialer.begin(&campaign, now: now, on: db)
            } else {
                campaign.status = .running
                try await CampaignDialer.completeIfDone(&campaign, now: now, on: db)
            }
        }
    }

    /// Ends the campaign for good: no further calls are handed out.
    func cancel(_ id: UUID, in organizationID: UUID) async throws -> CampaignWithStats {
        try await transition(id, in: organizationID, from: [.draft, .scheduled, .running, .paused], verb: "cancelled") { campaign, now, _ in
            campaign.status = .cancelled
            campaign.cancelledAt = now
        }
    }

    private func transition(
        _ id: UUID, in organizationID: UUID, from allowed: Set<CampaignStatus>, verb: String,
        _ change: @Sendable (inout Campaign, Date, any SQLDatabase) async throws -> Void
    ) async throws -> CampaignWithStats {
        let now = clock.now()
        return try await storage.transaction { db in
            var campaign = try await Self.load(id, in: organizationID, lock: true, on: db)
            guard allowed.contains(campaign.status) else {
                throw APIError.conflict("A \(campaign.status.rawValue) campaign cannot be \(verb).")
            }
            try await change(&campaign, now, db)
            campaign.updatedAt = now
            try await Self.rows(db).update(campaign, id: id, organizationID: organizationID)
            return try await Self.withStats(campaign, on: db)
        }
    }

    /// One campaign call per unique contact of the campaign's lists, in the order they were
    /// added to the lists; contacts who may not be called (CONTRACT section 12) are
    /// `skipped` at once with their reason.
    static func snapshotAudience(of campaign: Campaign, now: Date, on db: any SQLDatabase) async throws {
        let organizationZone = try await OrganizationRepository(db: db).find(id: campaign.organizationId)?.timezone ?? Organization.defaultTimeZone
        let screened = try await Preflight.screen(
            try await CampaignRepository(db: db).audience(listIDs: campaign.listIDs, organizationID: campaign.organizationId),
            of: campaign, on: db)
        var calls: [CampaignCall] = []
        calls.reserveCapacity(screened.count)
        for (member, reason) in screened {
            calls.append(
                CampaignCall(
                    id: UUID.random(), organizationId: campaign.organizationId, campaignId: campaign.id, contactId: member.contactID,
                    position: calls.count, timezone: member.timezone ?? organizationZone,
                    status: reason == nil ? .pending : .skipped, skipReason: reason, attempts: 0, lastResult: nil,
                    nextAttemptAt: reason == nil ? (campaign.scheduledStart.map { max($0, now) } ?? now) : nil,
                    leasedUntil: nil, agentId: nil, completedAt: reason == nil ? nil : now, createdAt: now, updatedAt: now))
        }
        for chunk in calls.chunks(of: 500) {
            try await TenantRows<CampaignCall>(db: db).insert(Array(chunk))
        }
    }

    // MARK: Stats and progress

    /// Counts per campaign, read as CONTRACT section 5 reads the guide.
    static func stats(of ids: [UUID], on db: any SQLDatabase) async throws -> [UUID: CampaignStats] {
        var stats: [UUID: CampaignStats] = [:]
        for tally in try await CampaignCallRepository(db: db).tallies(of: ids) {
            let count = tally.count
            var entry = stats[tally.campaignID] ?? CampaignStats()
            entry.total_contacts += count
            switch tally.status {
            case .skipped: entry.skipped += count
            case .pending: entry.pending += count
            case .inProgress: entry.in_progress += count
            case .failed: entry.failed += count
            case .completed, .missed, .voicemail: break
            }
            if tally.made { entry.calls_made += count }
            switch tally.lastResult {
            case .completed?: entry.calls_completed += count
            case .missed?: entry.calls_missed += count
            case .voicemail?: entry.voicemails_left += count
            case .failed?, nil: break
            }
            stats[tally.campaignID] = entry
        }
        for id in stats.keys { stats[id]?.finish() }
        return stats
    }

    func stats(_ id: UUID, in organizationID: UUID) async throws -> CampaignStats {
        try await find(id, in: organizationID).stats
    }

    /// One contact's progress in a campaign: the call row, the contact, and each attempt's call record.
    struct Progress: Sendable {
        let call: CampaignCall
        let contact: Contact?
        let attempts: [Call]
    }

    /// The campaign's calls in snapshot order, optionally of one status.
    func calls(of id: UUID, in organizationID: UUID, status: CampaignCallStatus?, page: PageRequest) async throws -> Paged<Progress> {
        try await storage.read { db in
            _ = try await Self.load(id, in: organizationID, on: db)
            let calls = try await CampaignCallRepository(db: db).page(campaignID: id, organizationID: organizationID, status: status, page)
            let contactIDs = calls.items.compactMap(\.contactId)
            let contacts = Dictionary(
                uniqueKeysWithValues: try await TenantRows<Contact>(db: db).find(ids: contactIDs, organizationID: organizationID)
                    .map { ($0.id, $0) })
            let attempts = try await CampaignCallRepository(db: db).attempts(of: calls.items.map(\.id), organizationID: organizationID)
            return calls.map { call in
                Progress(call: call, contact: call.contactId.flatMap { contacts[$0] }, attempts: attempts[call.id] ?? [])
            }
        }
    }
}
