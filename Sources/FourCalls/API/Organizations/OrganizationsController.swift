import Foundation
import Hummingbird

/// `/api/coordinator/organizations`: the caller's organizations.
struct OrganizationsController {
    let organizations: OrganizationService

    /// `collection` is `/organizations`; `organization` is `/organizations/{orgId}`.
    func addRoutes(collection: RouterGroup<AuthenticatedContext>, organization: RouterGroup<OrganizationContext>) {
        collection.get(use: list)
        collection.post(use: create)
        organization.get(use: show)
        organization.put(use: update)
        organization.delete(use: delete)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> PageResponse<OrganizationResponse> {
        let page = try APIBody.page(of: request)
        let rows = try await organizations.list(userID: context.principal.userID, page: page)
        return PageResponse(rows) { OrganizationResponse($0.0, role: $0.1) }
    }

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> some ResponseGenerator {
        var fields = try await APIBody.fields(of: request, context: context)
        let changes = Self.changes(from: &fields, creating: true)
        try fields.validate()
        let organization = try await organizations.create(by: context.principal.userID, changes)
        return created(OrganizationResponse(organization, role: .owner))
    }

    @Sendable func show(_ request: Request, context: OrganizationContext) async throws -> OrganizationResponse {
        OrganizationResponse(context.organization, role: context.membership.role)
    }

    /// Partial update: fields left out keep their values.
    @Sendable func update(_ request: Request, context: OrganizationContext) async throws -> OrganizationResponse {
        try context.require(.manage)
        var fields = try await APIBody.fields(of: request, context: context)
        let changes = Self.changes(from: &fields, creating: false)
        try fields.validate()
        let organization = try await organizations.update(context.organization, with: changes)
        return OrganizationResponse(organization, role: context.membership.role)
    }

    @Sendable func delete(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.delete)
        try await organizations.delete(context.organization)
        return Response(status: .noContent)
    }

    /// Reads and validates the organization fields of a create (`name` required) or update.
    static func changes(from fields: inout FieldReader, creating: Bool) -> OrganizationService.Changes {
        var changes = OrganizationService.Changes()
        // Required on create; on update it may be left out, but not emptied.
        changes.name = fields.string("name", required: creating || fields.isPresent("name"))
        if fields.isPresent("industry") {
            changes.industry = .some(fields.string("industry"))
        }
        changes.timezone = fields.timeZone("timezone")
        if let value = fields.raw("country_code") {
            if let code = CountryCode.parse(value) {
                changes.countryCode = code
            } else {
                fields.fail("country_code", "The country code field must be a calling code of 1 to 3 digits (for example 1 or 44).")
            }
        }
        if let value = fields.raw("business_hours") {
            switch BusinessHours.parse(value, field: "business_hours") {
            case .success(let hours): changes.businessHours = hours
            case .failure(let errors): fields.merge(errors)
            }
        }
        changes.bookingCapacity = fields.int("booking_capacity", in: 1...1000)
        changes.allowCallsOutsideQuietHours = fields.bool("allow_calls_outside_quiet_hours")
        changes.maxDailyAttemptsPerContact = fields.int("max_daily_attempts_per_contact", in: 1...20)
        changes.metadata = fields.jsonObject("metadata")
        return changes
    }
}
