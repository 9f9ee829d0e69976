import Foundation
import Hummingbird

/// `/organizations/{orgId}/suppressions` (CONTRACT section 12): any member reads; members
/// and up add, remove and import.
struct SuppressionsController {
    let suppressions: SuppressionService

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("suppressions", use: list)
        organization.post("suppressions", use: add)
        organization.post("suppressions/import", use: importCSV)
        organization.delete("suppressions/{phone}", use: remove)
    }

    @Sendable func list(_ request: Request, context: OrganizationContext) async throws -> PageResponse<SuppressionResponse> {
        PageResponse(try await suppressions.list(context.organization.id, page: try APIBody.page(of: request))) { SuppressionResponse($0) }
    }

    /// 201 with the new entry, or 200 with the entry that suppressed the phone already.
    @Sendable func add(_ request: Request, context: OrganizationContext) async throws -> EditedResponse<SuppressionResponse> {
        try context.require(.writeRecords)
        var fields = try await APIBody.fields(of: request, context: context)
        let text = fields.string("phone", required: true, maxLength: 40)
        let phone = text.flatMap { PhoneNumber.normalize($0, countryCode: context.organization.countryCode) }
        if text != nil, phone == nil {
            fields.fail("phone", "The phone field must be a valid phone number (E.164 such as +15551234567, or a national number).")
        }
        let reason = fields.string("reason", maxLength: 255)
        try fields.validate()
        guard let phone else { throw APIError.validation(field: "phone", "The phone field is required.") }
        let (suppression, created) = try await suppressions.add(phone: phone, reason: reason, in: context.organization.id)
        return EditedResponse(status: created ? .created : .ok, response: SuppressionResponse(suppression))
    }

    /// The phone in any format, normalized like the POST's; 404 when not suppressed.
    @Sendable func remove(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.writeRecords)
        let given = context.parameters.get("phone").map { $0.removingPercentEncoding ?? $0 } ?? ""
        guard let phone = PhoneNumber.normalize(given, countryCode: context.organization.countryCode) else {
            throw SuppressionService.notFound
        }
        try await suppressions.remove(phone: phone, in: context.organization.id)
        return Response(status: .noContent)
    }

    /// `text/csv` with a header naming `phone` (and optionally `reason`): the contacts
    /// import's report.
    @Sendable func importCSV(_ request: Request, context: OrganizationContext) async throws -> ImportReport {
        try context.require(.writeRecords)
        try APIBody.checkCSV(request, maxBytes: SuppressionService.maxImportBytes)
        return try await suppressions.importCSV(request.body, organization: context.organization)
    }
}

/// A suppressed phone as the API shows it.
struct SuppressionResponse: ResponseEncodable, Sendable {
    let id: String
    let phone: String
    let reason: String
    @Nullable var contact_id: String?
    @Nullable var call_id: String?
    let created_at: Date
    let updated_at: Date

    init(_ suppression: Suppression) {
        id = suppression.id.api
        phone = suppression.phone
        reason = suppression.reason
        contact_id = suppression.contactId?.api
        call_id = suppression.callId?.api
        created_at = suppression.createdAt
        updated_at = suppression.updatedAt
    }
}

/// `GET .../campaigns/{id}/preflight`: every reason present, zeros included.
struct PreflightResponse: ResponseEncodable, Sendable {
    let total_contacts: Int
    let would_call: Int
    let excluded: [String: Int]
    @Nullable var first_call_at: Date?

    init(_ preflight: Preflight) {
        total_contacts = preflight.totalContacts
        would_call = preflight.wouldCall
        excluded = Dictionary(uniqueKeysWithValues: ExclusionReason.screened.map { ($0.rawValue, preflight.excluded[$0] ?? 0) })
        first_call_at = preflight.firstCallAt
    }
}
