import Foundation
import Hummingbird

struct CampaignResponse: ResponseEncodable, Sendable {
    let id: String
    let organization_id: String
    let name: String
    @Nullable var description: String?
    let contact_list_ids: [String]
    @Nullable var coordinator_id: String?
    @Nullable var script: String?
    @Nullable var scheduled_start: Date?
    let status: CampaignStatus
    let max_concurrent_calls: Int
    let max_attempts: Int
    let retry_delay_minutes: Int
    let calling_window: CallingWindow
    let require_consent: Bool
    let retry_rules: RetryRules
    let metadata: JSONValue
    let stats: CampaignStats
    @Nullable var started_at: Date?
    @Nullable var completed_at: Date?
    @Nullable var cancelled_at: Date?
    let created_at: Date
    let updated_at: Date

    init(_ value: CampaignWithStats) {
        let campaign = value.campaign
        id = campaign.id.api
        organization_id = campaign.organizationId.api
        name = campaign.name
        description = campaign.description
        contact_list_ids = campaign.listIDs.map(\.api)
        coordinator_id = campaign.coordinatorId?.api
        script = campaign.script
        scheduled_start = campaign.scheduledStart
        status = campaign.status
        max_concurrent_calls = campaign.maxConcurrentCalls
        max_attempts = campaign.maxAttempts
        retry_delay_minutes = campaign.retryDelayMinutes
        calling_window = campaign.window
        require_consent = campaign.requireConsent
        retry_rules = campaign.retries
        metadata = JSONValue.parse(campaign.metadata)
        stats = value.stats
        started_at = campaign.startedAt
        completed_at = campaign.completedAt
        cancelled_at = campaign.cancelledAt
        created_at = campaign.createdAt
        updated_at = campaign.updatedAt
    }
}

/// One contact's progress in a campaign (`GET .../campaigns/{id}/calls`).
struct CampaignCallResponse: ResponseEncodable, Sendable {
    let id: String
    let campaign_id: String
    @Nullable var contact_id: String?
    @Nullable var contact: ContactSummary?
    let status: CampaignCallStatus
    /// Why a skipped call is not made.
    @Nullable var skip_reason: ExclusionReason?
    let attempts: Int
    /// The latest attempt's outcome.
    @Nullable var outcome: CallStatus?
    @Nullable var next_attempt_at: Date?
    @Nullable var leased_until: Date?
    @Nullable var completed_at: Date?
    /// The call record of each reported attempt, oldest first.
    let calls: [CallResponse]
    let created_at: Date
    let updated_at: Date

    init(_ progress: CampaignService.Progress) {
        let call = progress.call
        id = call.id.api
        campaign_id = call.campaignId.api
        contact_id = call.contactId?.api
        contact = progress.contact.map(ContactSummary.init)
        status = call.status
        skip_reason = call.skipReason
        attempts = call.attempts
        outcome = call.lastResult
        next_attempt_at = call.status == .pending ? call.nextAttemptAt : nil
        leased_until = call.leasedUntil
        completed_at = call.completedAt
        calls = progress.attempts.map(CallResponse.init)
        created_at = call.createdAt
        updated_at = call.updatedAt
    }
}

/// The campaign a leased call belongs to, as the agent needs it.
struct LeasedCampaignResponse: Encodable, Sendable {
    let id: String
    let name: String
    @Nullable var description: String?
    @Nullable var script: String?
    let metadata: JSONValue
}

/// `POST /api/internal/ai/campaigns/{business_id}/calls/next`: the call to make now.
struct CampaignLeaseResponse: ResponseEncodable, Sendable {
    let campaign_call_id: String
    /// 1 for the first attempt, 2 for the first retry, ...
    let attempt: Int
    let max_attempts: Int
    let lease_expires_at: Date
    @Nullable var script: String?
    let campaign: LeasedCampaignResponse
    let contact: ContactResponse
    @Nullable var coordinator: CoordinatorResponse?

    init(_ lease: CampaignDialer.Lease) {
        campaign_call_id = lease.call.id.api
        attempt = lease.call.attempts
        max_attempts = lease.campaign.maxAttempts
        lease_expires_at = lease.call.leasedUntil ?? Date()
        script = lease.campaign.script
        campaign = LeasedCampaignResponse(
            id: lease.campaign.id.api, name: lease.campaign.name, description: lease.campaign.description, script: lease.campaign.script,
            metadata: JSONValue.parse(lease.campaign.metadata))
        contact = ContactResponse(lease.contact)
        coordinator = lease.coordinator.map(CoordinatorResponse.init)
    }
}
