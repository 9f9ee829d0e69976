import Foundation
import HTTPTypes
import Hummingbird

/// `/console/organizations/{orgId}/campaigns`: the organization's campaigns with their
/// progress, and one campaign with its numbers, its preflight (who would be called, who not
/// and why, the first call) and the buttons that start, pause, resume and cancel it, as the
/// API's campaign routes do. The progress refreshes itself as calls are reported; the
/// preflight, which screens the whole audience, is made when the page loads, not for each
/// refresh.
extension ConsoleController {
    struct CampaignsView: TemplateView {
        let chrome: ConsoleChrome
        let rows: [Row]
        let empty: Bool

        struct Row: TemplateView {
            let href: String
            let name: String
            let status: String
            let done: Int
            let total: Int
            let rate: String
        }
    }

    @Sendable func campaignList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let found = try await campaigns.list(membership.organization.id, status: nil, page: PageRequest(page: 1, perPage: 100)).items
        let base = "/console/organizations/\(membership.organization.id.api)/campaigns"
        let view = CampaignsView(
            chrome: ConsoleChrome(title: "Campaigns", person: person, membership: membership, current: "campaigns"),
            rows: found.map { row in
                CampaignsView.Row(
                    href: "\(base)/\(row.campaign.id.api)", name: row.campaign.name, status: row.campaign.status.rawValue,
                    done: Self.settled(row.stats), total: row.stats.total_contacts, rate: Self.percent(row.stats.completion_rate))
            },
            empty: found.isEmpty)
        return try page("console/campaigns", view, person)
    }

    struct CampaignView: TemplateView {
        let chrome: ConsoleChrome
        let back: String
        let name: String
        let status: String
        let description: [String]
        let streamURL: String
        let done: Int
        let total: Int
        let figures: [ConsoleFact]
        /// None on a refresh of the live region (`campaignLiveRegion`).
        let preflight: [PreflightView]
        let actions: [Action]
        let formError: [String]

        struct Action: TemplateView {
            let href: String
            let label: String
        }

        struct PreflightView: TemplateView {
            let facts: [ConsoleFact]
            let firstCall: String
        }
    }

    /// The id of the campaign page's region that refreshes itself (`campaign.mustache`).
    static let campaignLiveRegion = "campaign-live"

    @Sendable func campaignDetail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let id = try APIBody.id("campaignId", in: context, notFound: CampaignService.notFound.message)
        let refresh = ConsoleHTTP.refreshes(Self.campaignLiveRegion, request)
        return try await campaignPage(person, membership, id: id, refusal: nil, withPreflight: !refresh)
    }

    /// `start`, `pause`, `resume` or `cancel`; a campaign not in a state for it comes back
    /// with the reason (409).
    @Sendable func changeCampaign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        try require(.writeRecords, membership)
        let id = try APIBody.id("campaignId", in: context, notFound: CampaignService.notFound.message)
        let organizationID = membership.organization.id
        do {
            switch context.parameters.get("action") {
            case "start": _ = try await campaigns.start(id, in: organizationID)
            case "pause": _ = try await campaigns.pause(id, in: organizationID)
            case "resume": _ = try await campaigns.resume(id, in: organizationID)
            case "cancel": _ = try await campaigns.cancel(id, in: organizationID)
            default: throw APIError.notFound("There is no such action.")
            }
        } catch let error as APIError where error.status == .conflict {
            return try await campaignPage(person, membership, id: id, refusal: error.message, status: .conflict)
        }
        return ConsoleHTTP.redirect("/console/organizations/\(organizationID.api)/campaigns/\(id.api)")
    }

    private func campaignPage(
        _ person: SignedIn, _ membership: Membership, id: UUID, refusal: String?, status: HTTPResponse.Status = .ok,
        withPreflight: Bool = true
    ) async throws -> Response {
        let organization = membership.organization
        let found = try await campaigns.find(id, in: organization.id)
        let preflight = withPreflight ? try await campaigns.preflight(id, in: organization) : nil
        let (campaign, stats) = (found.campaign, found.stats)
        let base = "/console/organizations/\(organization.id.api)/campaigns"
        let available: [(CampaignStatus, String, String)] = [
            (.draft, "start", "Start"), (.running, "pause", "Pause"), (.scheduled, "pause", "Pause"), (.paused, "resume", "Resume"),
        ]
        var actions = available.filter { $0.0 == campaign.status }.map { CampaignView.Action(href: "\(base)/\(id.api)/\($0.1)", label: $0.2) }
        if ![.completed, .cancelled].contains(campaign.status) {
            actions.append(CampaignView.Action(href: "\(base)/\(id.api)/cancel", label: "Cancel"))
        }
        let view = CampaignView(
            chrome: ConsoleChrome(title: campaign.name, person: person, membership: membership, current: "campaigns"),
            back: base, name: campaign.name, status: campaign.status.rawValue, description: campaign.description.map { [$0] } ?? [],
            streamURL: "/console/organizations/\(organization.id.api)/events/stream", done: Self.settled(stats), total: stats.total_contacts,
            figures: [
                ("Contacts", stats.total_contacts), ("Calls made", stats.calls_made), ("Completed", stats.calls_completed),
                ("Missed", stats.calls_missed), ("Voicemails", stats.voicemails_left), ("Failed", stats.failed), ("Waiting", stats.pending),
                ("Calling now", stats.in_progress), ("Skipped", stats.skipped),
            ].map { ConsoleFact(label: $0.0, value: String($0.1)) } + [ConsoleFact(label: "Completion rate", value: Self.percent(stats.completion_rate))],
            preflight: preflight.map { preflight in
                [
                    CampaignView.PreflightView(
                        facts: [ConsoleFact(label: "Would be called", value: String(preflight.wouldCall))]
                            + ExclusionReason.screened.map { reason in
                                ConsoleFact(
                                    label: reason.rawValue.replacingOccurrences(of: "_", with: " "), value: String(preflight.excluded[reason] ?? 0))
                            },
                        firstCall: preflight.firstCallAt.map { SpeakableTime.spoken($0, in: organization.timeZone) } ?? "—")
                ]
            } ?? [],
            actions: membership.role.allows(.writeRecords) ? actions : [], formError: refusal.map { [$0] } ?? [])
        return try page("console/campaign", view, person, status: status)
    }

    /// The audience's contacts that are done with (neither waiting nor being called): the
    /// progress bar's value.
    static func settled(_ stats: CampaignStats) -> Int {
        max(0, stats.total_contacts - stats.pending - stats.in_progress)
    }

    static func percent(_ rate: Double) -> String {
        "\(Int((rate * 100).rounded()))%"
    }
}
