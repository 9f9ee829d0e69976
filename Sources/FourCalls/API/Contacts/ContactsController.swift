import Foundation
import Hummingbird

/// `/organizations/{orgId}/contacts`: CRUD, filters, bulk operations and CSV import.
struct ContactsController {
    let contacts: ContactService
    let importer: ContactImport
    let importJobs: ContactImportJobs

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("contacts", use: list)
        organization.post("contacts", use: create)
        organization.post("contacts/bulk-tag", use: bulkTag)
        organization.post("contacts/bulk-untag", use: bulkUntag)
        organization.post("contacts/bulk-delete", use: bulkDelete)
        organization.post("contacts/import", use: importCSV)
        organization.get("contacts/imports/{importId}", use: showImport)
        organization.get("contacts/{contactId}", use: show)
        organization.put("contacts/{contactId}", use: update)
        organization.delete("contacts/{contactId}", use: delete)
    }

    @Sendable func list(_ request: Request, context: OrganizationContext) async throws -> PageResponse<ContactResponse> {
        let page = try APIBody.page(of: request)
        let query = request.formQuery
        var filter = ContactFilter()
        filter.search = query.text("search")
        filter.tags = query["tags"].map { ContactInput.cleanTags($0.split(separator: ",").map(String.init)) } ?? []
        filter.status = try APIBody.filter("status", of: request, ContactStatus.self)
        filter.sourceID = query["source_id"]
        filter.source = query["source"]
        let rows = try await contacts.list(context.organization.id, filter: filter, page: page)
        return PageResponse(rows) { ContactResponse($0) }
    }

    @Sendable func create(_ request: Request, context: OrganizationContext) async throws -> some ResponseGenerator {
        try context.require(.writeRecords)
        var fields = try await APIBody.fields(of: request, context: context)
        let input = ContactInput.read(&fields, creating: true, countryCode: context.organization.countryCode)
        try fields.validate()
        return created(ContactResponse(try await contacts.create(in: context.organization.id, input)))
    }

    @Sendable func show(_ request: Request, context: OrganizationContext) async throws -> ContactResponse {
        let id = try APIBody.id("contactId", in: context, notFound: "Contact not found.")
        return ContactResponse(try await contacts.find(id, in: context.organization.id))
    }

    /// Partial update: fields left out keep their values; `tags` replaces the tags.
    @Sendable func update(_ request: Request, context: OrganizationContext) async throws -> ContactResponse {
        try context.require(.writeRecords)
        let id = try APIBody.id("contactId", in: context, notFound: "Contact not found.")
        var fields = try await APIBody.fields(of: request, context: context)
        let input = ContactInput.read(&fields, creating: false, countryCode: context.organization.countryCode)
        try fields.validate()
        return ContactResponse(try await contacts.update(id, in: context.organization.id, with: input))
    }

    @Sendable func delete(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.writeRecords)
        let id = try APIBody.id("contactId", in: context, notFound: "Contact not found.")
        try await contacts.delete(id, in: context.organization.id)
        return Response(status: .noContent)
    }

    struct Updated: ResponseEncodable {
        let updated: Int
    }

    struct Deleted: ResponseEncodable {
        let deleted: Int
    }

    @Sendable func bulkTag(_ request: Request, context: OrganizationContext) async throws -> Updated {
        try await tagging(request, context: context, remove: false)
    }

    @Sendable func bulkUntag(_ request: Request, context: OrganizationContext) async throws -> Updated {
        try await tagging(request, context: context, remove: true)
    }

    private func tagging(_ request: Request, context: OrganizationContext, remove: Bool) async throws -> Updated {
        try context.require(.writeRecords)
        var fields = try await APIBody.fields(of: request, context: context)
        let ids = Self.contactIDs(&fields)
        let tags = fields.stringArray("tags", required: true, maxLength: TextLimits.tag).map(ContactInput.cleanTags)
        if let tags, tags.isEmpty { fields.fail("tags", "The tags field must list at least one tag.") }
        try fields.validate()
        let count = try await contacts.bulkTag(ids ?? [], tags: tags ?? [], remove: remove, in: context.organization.id)
        return Updated(updated: count)
    }

    @Sendable func bulkDelete(_ request: Request, context: OrganizationContext) async throws -> Deleted {
        try context.require(.writeRecords)
        var fields = try await APIBody.fields(of: request, context: context)
        let ids = Self.contactIDs(&fields)
        try fields.validate()
        return Deleted(deleted: try await contacts.bulkDelete(ids ?? [], in: context.organization.id))
    }

    /// `contact_ids`: 1 to 1000 UUIDs.
    static func contactIDs(_ fields: inout FieldReader) -> [UUID]? {
        fields.uuidArray("contact_ids", required: true, count: 1...1000)
    }

    /// `text/csv` body: header row, then one contact per row, read as it arrives. Answers the
    /// import report; with `?async=true`, 202 `{id, status}` at once and the import runs as a
    /// job (`GET .../contacts/imports/{id}`).
    @Sendable func importCSV(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.writeRecords)
        try APIBody.checkCSV(request, maxBytes: ContactImport.maxBytes)
        let runAsJob: Bool
        switch request.formQuery["async"]?.lowercased() {
        case nil, "", "false", "0": runAsJob = false
        case "true", "1": runAsJob = true
        default: throw APIError.validation(field: "async", "The async parameter must be true or false.")
        }
        if runAsJob {
            let job = try await importJobs.start(request.body, organization: context.organization)
            return try EditedResponse(status: .accepted, response: ContactImportStarted(id: job.id.api, status: job.status.rawValue))
                .response(from: request, context: context)
        }
        let report = try await importer.run(bytes: request.body, organization: context.organization)
        return try report.response(from: request, context: context)
    }

    @Sendable func showImport(_ request: Request, context: OrganizationContext) async throws -> ContactImportResponse {
        let id = try APIBody.id("importId", in: context, notFound: "Import not found.")
        guard let job = try await importJobs.find(id, organizationID: context.organization.id) else { throw APIError.notFound("Import not found.") }
        return ContactImportResponse(job)
    }
}
