import Foundation
import SQLKit

/// What starting a campaign would do (CONTRACT section 12): of its audience, how many
/// would be called, how many are excluded and why, and when the first call could go out.
struct Preflight: Sendable, Equatable {
    var totalContacts = 0
    var wouldCall = 0
    var excluded: [ExclusionReason: Int] = [:]
    var firstCallAt: Date?

    /// Each member of an audience with the reason it is not called (nil: called).
    static func screen(_ members: [AudienceMember], of campaign: Campaign, on db: any SQLDatabase) async throws
        -> [(member: AudienceMember, reason: ExclusionReason?)]
    {
        let phones = Set(members.compactMap(\.phone))
        let suppressed = try await SuppressionRepository(db: db).suppressed(among: phones, organizationID: campaign.organizationId)
        let reasons = AudienceScreen.screen(members, suppressedPhones: suppressed, requireConsent: campaign.requireConsent)
        return Array(zip(members, reasons)).map { (member: $0.0, reason: $0.1) }
    }

    /// Counts a screened audience; the first call is the earliest opening, from `earliest`,
    /// of the campaign's window (within quiet hours unless the organization allows
    /// otherwise) in the zone of any contact who would be called.
    init(_ screened: [(member: AudienceMember, reason: ExclusionReason?)], campaign: Campaign, organization: Organization, earliest: Date?) {
        totalContacts = screened.count
        var zones: Set<String> = []
        for (member, reason) in screened {
            if let reason {
                excluded[reason, default: 0] += 1
            } else {
                wouldCall += 1
                zones.insert(member.timezone ?? organization.timezone)
            }
        }
        guard let earliest, let window = campaign.window.effective(for: organization) else { return }
        firstCallAt = zones.compactMap { window.nextOpening(atOrAfter: earliest, in: TimeZone(identifier: $0) ?? organization.timeZone) }.min()
    }

    init() {}
}

extension CampaignService {
    /// The preflight of a draft reads its lists as they are; of a started campaign, its
    /// snapshot's contacts as they are now (who of them would still be called).
    func preflight(_ id: UUID, in organization: Organization) async throws -> Preflight {
        let now = clock.now()
        return try await storage.read { db in
            let campaign = try await Self.load(id, in: organization.id, on: db)
            let repository = CampaignRepository(db: db)
            let members =
                campaign.status == .draft
                ? try await repository.audience(listIDs: campaign.listIDs, organizationID: organization.id)
                : try await repository.snapshot(campaignID: campaign.id, organizationID: organization.id)
            let earliest: Date? =
                switch campaign.status {
                case .completed, .cancelled: nil
                case .draft, .scheduled: max(now, campaign.scheduledStart ?? now)
                case .running, .paused: now
                }
            return Preflight(try await Preflight.screen(members, of: campaign, on: db), campaign: campaign, organization: organization, earliest: earliest)
        }
    }
}
