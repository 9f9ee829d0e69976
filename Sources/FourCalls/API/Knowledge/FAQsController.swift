import Foundation
import Hummingbird

/// `/organizations/{orgId}/faqs`: the questions AI agents answer. Any member reads; admins
/// and owners manage them.
struct FAQsController {
    let knowledge: KnowledgeService

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("faqs", use: list)
        organization.post("faqs", use: create)
        organization.get("faqs/{faqId}", use: show)
        organization.put("faqs/{faqId}", use: update)
        organization.delete("faqs/{faqId}", use: delete)
    }

    /// Filters: `category` (exact), `search` (question or answer, case-insensitive substring).
    @Sendable func list(_ request: Request, context: OrganizationContext) async throws -> PageResponse<FAQResponse> {
        let page = try APIBody.page(of: request)
        let query = request.formQuery
        let category = query.text("category")
        let search = query.text("search")
        let rows = try await knowledge.listFAQs(context.organization.id, category: category, search: search, page: page)
        return PageResponse(rows) { FAQResponse($0) }
    }

    @Sendable func create(_ request: Request, context: OrganizationContext) async throws -> some ResponseGenerator {
        try context.require(.manage)
        var fields = try await APIBody.fields(of: request, context: context)
        let changes = Self.changes(from: &fields, creating: true)
        try fields.validate()
        return created(FAQResponse(try await knowledge.createFAQ(in: context.organization.id, changes)))
    }

    @Sendable func show(_ request: Request, context: OrganizationContext) async throws -> FAQResponse {
        let id = try APIBody.id("faqId", in: context, notFound: "FAQ not found.")
        return FAQResponse(try await knowledge.findFAQ(id, in: context.organization.id))
    }

    /// Partial update: fields left out keep their values; `keywords` replaces the list.
    @Sendable func update(_ request: Request, context: OrganizationContext) async throws -> FAQResponse {
        try context.require(.manage)
        let id = try APIBody.id("faqId", in: context, notFound: "FAQ not found.")
        var fields = try await APIBody.fields(of: request, context: context)
        let changes = Self.changes(from: &fields, creating: false)
        try fields.validate()
        return FAQResponse(try await knowledge.updateFAQ(id, in: context.organization.id, with: changes))
    }

    @Sendable func delete(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.manage)
        let id = try APIBody.id("faqId", in: context, notFound: "FAQ not found.")
        try await knowledge.deleteFAQ(id, in: context.organization.id)
        return Response(status: .noContent)
    }

    /// Reads and validates the FAQ fields of a create (`question` and `answer` required) or
    /// update. `category` may be cleared with `null`; `keywords` with `null` or `[]`.
    static func changes(from fields: inout FieldReader, creating: Bool) -> KnowledgeService.FAQChanges {
        var changes = KnowledgeService.FAQChanges()
        // Required on create; on update they may be left out, but not emptied.
        changes.question = fields.string("question", required: creating || fields.isPresent("question"), maxLength: 1000)
        changes.answer = fields.longText("answer", required: creating || fields.isPresent("answer"))
        if fields.isPresent("category") {
            changes.category = .some(fields.string("category", maxLength: 100))
        }
        if fields.object["keywords"]?.isNull == true {
            changes.keywords = []
        } else if let keywords = fields.trimmedStrings("keywords", maxLength: 100) {
            changes.keywords = Self.unique(keywords)
        }
        return changes
    }

    /// Without duplicates (compared case-insensitively), in the order given.
    static func unique(_ keywords: [String]) -> [String] {
        var seen = Set<String>()
        return keywords.filter { seen.insert($0.lowercased()).inserted }
    }
}
