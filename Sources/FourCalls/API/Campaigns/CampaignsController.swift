import Foundation
import Hummingbird

/// `/organizations/{orgId}/campaigns`: any member reads; members and up run campaigns.
struct CampaignsController {
    let campaigns: CampaignService

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("campaigns", use: list)
        organization.post("campaigns", use: create)
        organization.get("campaigns/{campaignId}", use: show)
        organization.put("campaigns/{campaignId}", use: update)
        organization.delete("campaigns/{campaignId}", use: delete)
        organization.get("campaigns/{campaignId}/stats", use: stats)
        organization.get("campaigns/{campaignId}/calls", use: calls)
        organization.get("campaigns/{campaignId}/preflight") { _, context in
            PreflightResponse(try await campaigns.preflight(try id(context), in: context.organization))
        }
        organization.post("campaigns/{campaignId}/start") { _, context in
            try await act(context) { try await campaigns.start($0, in: $1) }
        }
        organization.post("campaigns/{campaignId}/pause") { _, context in
            try await act(context) { try await campaigns.pause($0, in: $1) }
        }
        organization.post("campaigns/{campaignId}/resume") { _, context in
            try await act(context) { try await campaigns.resume($0, in: $1) }
        }
        organization.post("campaigns/{campaignId}/cancel") { _, context in
            try await act(context) { try await campaigns.cancel($0, in: $1) }
        }
    }

    private func id(_ context: OrganizationContext) throws -> UUID {
        try APIBody.id("campaignId", in: context, notFound: "Campaign not found.")
    }

    /// The fields of a create (`name` and `contact_list_ids` required) or an update.
    static func read(_ fields: inout FieldReader, creating: Bool) -> CampaignService.Changes {
        var changes = CampaignService.Changes()
        func nullable<T>(_ key: String, _ read: (inout FieldReader) -> T?) -> T?? {
            fields.isPresent(key) ? .some(read(&fields)) : nil
        }
        changes.name = fields.string("name", required: creating || fields.isPresent("name"))
        changes.description = nullable("description") { $0.longText("description") }
        changes.script = nullable("script") { $0.longText("script") }
        changes.contactListIDs = fields.uuidArray("contact_list_ids", required: creating || fields.isPresent("contact_list_ids"), count: 1...100)
        changes.coordinatorID = nullable("coordinator_id") { $0.uuid("coordinator_id") }
        changes.scheduledStart = nullable("scheduled_start") { $0.date("scheduled_start") }
        changes.maxConcurrentCalls = fields.int("max_concurrent_calls", in: 1...100)
        changes.maxAttempts = fields.int("max_attempts", in: 1...10)
        changes.retryDelayMinutes = fields.int("retry_delay_minutes", in: 1...10_080)
        if let value = fields.raw("calling_window") {
            switch CallingWindow.parse(value, field: "calling_window") {
            case .success(let window): changes.callingWindow = window
            case .failure(let errors): fields.merge(errors)
            }
        }
        changes.requireConsent = fields.bool("require_consent")
        if fields.isPresent("retry_rules") {
            // `null` clears the rules.
            switch fields.raw("retry_rules").map(RetryRules.parse) ?? .success(.none) {
            case .success(let rules): changes.retryRules = rules
            case .failure(let errors): fields.merge(errors)
            }
        }
        changes.metadata = fields.jsonObject("metadata")
        return changes
    }

    @Sendable func list(_ request: Request, context: OrganizationContext) async throws -> PageResponse<CampaignResponse> {
        let page = try APIBody.page(of: request)
        let status = try APIBody.filter("status", of: request, CampaignStatus.self)
        return PageResponse(try await campaigns.list(context.organization.id, status: status, page: page)) { CampaignResponse($0) }
    }

    @Sendable func create(_ request: Request, context: OrganizationContext) async throws -> some ResponseGenerator {
        try context.require(.writeRecords)
        var fields = try await APIBody.fields(of: request, context: context)
        let changes = Self.read(&fields, creating: true)
        try fields.validate()
        return created(CampaignResponse(try await campaigns.create(in: context.organization.id, changes)))
    }

    @Sendable func show(_ request: Request, context: OrganizationContext) async throws -> CampaignResponse {
        CampaignResponse(try await campaigns.find(try id(context), in: context.organization.id))
    }

    @Sendable func update(_ request: Request, context: OrganizationContext) async throws -> CampaignResponse {
        try context.require(.writeRecords)
        let id = try id(context)
        var fields = try await APIBody.fields(of: request, context: context)
        let changes = Self.read(&fields, creating: false)
        try fields.validate()
        return CampaignResponse(try await campaigns.update(id, in: context.organization.id, with: changes))
    }

    @Sendable func delete(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.writeRecords)
        try await campaigns.delete(try id(context), in: context.organization.id)
        return Response(status: .noContent)
    }

    @Sendable func stats(_ request: Request, context: OrganizationContext) async throws -> CampaignStats {
        try await campaigns.stats(try id(context), in: context.organization.id)
    }

    @Sendable func calls(_ request: Request, context: OrganizationContext) async throws -> PageResponse<CampaignCallResponse> {
        let id = try id(context)
        let page = try APIBody.page(of: request)
        let status = try APIBody.filter("status", of: request, CampaignCallStatus.self)
        return PageResponse(try await campaigns.calls(of: id, in: context.organization.id, status: status, page: page)) {
            CampaignCallResponse($0)
        }
    }

    private func act(
        _ context: OrganizationContext, _ action: (UUID, UUID) async throws -> CampaignWithStats
    ) async throws -> CampaignResponse {
        try context.require(.writeRecords)
        return CampaignResponse(try await action(try id(context), context.organization.id))
    }
}

extension CampaignStats: ResponseEncodable {}
