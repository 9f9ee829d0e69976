import Foundation
import Hummingbird

struct ContactListResponse: ResponseEncodable, Sendable {
    let id: String
    let organization_id: String
    let name: String
    @Nullable var description: String?
    let contact_count: Int
    let created_at: Date
    let updated_at: Date

    init(_ value: CountedContactList) {
        id = value.list.id.api
        organization_id = value.list.organizationId.api
        name = value.list.name
        description = value.list.description
        contact_count = value.contactCount
        created_at = value.list.createdAt
        updated_at = value.list.updatedAt
    }
}

/// `/organizations/{orgId}/contact-lists`: lists and their members.
struct ContactListsController {
    let lists: ContactListService

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("contact-lists", use: index)
        organization.post("contact-lists", use: create)
        organization.get("contact-lists/{listId}", use: show)
        organization.put("contact-lists/{listId}", use: update)
        organization.delete("contact-lists/{listId}", use: delete)
        organization.get("contact-lists/{listId}/contacts", use: contacts)
        organization.post("contact-lists/{listId}/contacts") { request, context in
            try await changeMembers(request, context, add: true)
        }
        organization.delete("contact-lists/{listId}/contacts") { request, context in
            try await changeMembers(request, context, add: false)
        }
    }

    private func id(_ context: OrganizationContext) throws -> UUID {
        try APIBody.id("listId", in: context, notFound: "Contact list not found.")
    }

    @Sendable func index(_ request: Request, context: OrganizationContext) async throws -> PageResponse<ContactListResponse> {
        PageResponse(try await lists.list(context.organization.id, page: try APIBody.page(of: request))) { ContactListResponse($0) }
    }

    @Sendable func create(_ request: Request, context: OrganizationContext) async throws -> some ResponseGenerator {
        try context.require(.writeRecords)
        var fields = try await APIBody.fields(of: request, context: context)
        let name = fields.string("name", required: true)
        let description = fields.longText("description")
        try fields.validate()
        guard let name else { throw APIError.internalError }
        return created(ContactListResponse(try await lists.create(in: context.organization.id, name: name, description: description)))
    }

    @Sendable func show(_ request: Request, context: OrganizationContext) async throws -> ContactListResponse {
        ContactListResponse(try await lists.find(try id(context), in: context.organization.id))
    }

    @Sendable func update(_ request: Request, context: OrganizationContext) async throws -> ContactListResponse {
        try context.require(.writeRecords)
        let id = try id(context)
        var fields = try await APIBody.fields(of: request, context: context)
        let name = fields.string("name", required: fields.isPresent("name"))
        let description: String?? = fields.isPresent("description") ? .some(fields.longText("description")) : nil
        try fields.validate()
        return ContactListResponse(try await lists.update(id, in: context.organization.id, name: name, description: description))
    }

    @Sendable func delete(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.writeRecords)
        try await lists.delete(try id(context), in: context.organization.id)
        return Response(status: .noContent)
    }

    @Sendable func contacts(_ request: Request, context: OrganizationContext) async throws -> PageResponse<ContactResponse> {
        let rows = try await lists.contacts(of: try id(context), in: context.organization.id, page: try APIBody.page(of: request))
        return PageResponse(rows) { ContactResponse($0) }
    }

    private func changeMembers(_ request: Request, _ context: OrganizationContext, add: Bool) async throws -> ContactListResponse {
        try context.require(.writeRecords)
        let id = try id(context)
        var fields = try await APIBody.fields(of: request, context: context)
        let contactIDs = ContactsController.contactIDs(&fields)
        try fields.validate()
        return ContactListResponse(
            try await lists.changeMembers(of: id, in: context.organization.id, contactIDs: contactIDs ?? [], add: add))
    }
}
