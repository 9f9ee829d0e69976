import Foundation
import Hummingbird

/// `/organizations/{orgId}/polls`: questions with fixed answers that AI agents ask on calls.
/// Any member reads; admins and owners manage them.
struct PollsController {
    let knowledge: KnowledgeService

    static let optionCount = 2...20

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("polls", use: list)
        organization.post("polls", use: create)
        organization.get("polls/{pollId}", use: show)
        organization.put("polls/{pollId}", use: update)
        organization.delete("polls/{pollId}", use: delete)
    }

    /// Filter: `active` (`true` or `false`).
    @Sendable func list(_ request: Request, context: OrganizationContext) async throws -> PageResponse<PollResponse> {
        let page = try APIBody.page(of: request)
        var active: Bool?
        if let text = request.formQuery["active"] {
            switch text.lowercased() {
            case "": active = nil
            case "true", "1": active = true
            case "false", "0": active = false
            default: throw APIError.validation(field: "active", "The active filter must be true or false.")
            }
        }
        let rows = try await knowledge.listPolls(context.organization.id, active: active, page: page)
        return PageResponse(rows) { PollResponse($0) }
    }

    @Sendable func create(_ request: Request, context: OrganizationContext) async throws -> some ResponseGenerator {
        try context.require(.manage)
        var fields = try await APIBody.fields(of: request, context: context)
        let changes = Self.changes(from: &fields, creating: true)
        try fields.validate()
        return created(PollResponse(try await knowledge.createPoll(in: context.organization.id, changes)))
    }

    @Sendable func show(_ request: Request, context: OrganizationContext) async throws -> PollResponse {
        let id = try APIBody.id("pollId", in: context, notFound: "Poll not found.")
        return PollResponse(try await knowledge.findPoll(id, in: context.organization.id))
    }

    /// Partial update: fields left out keep their values; `options` replaces the list.
    @Sendable func update(_ request: Request, context: OrganizationContext) async throws -> PollResponse {
        try context.require(.manage)
        let id = try APIBody.id("pollId", in: context, notFound: "Poll not found.")
        var fields = try await APIBody.fields(of: request, context: context)
        let changes = Self.changes(from: &fields, creating: false)
        try fields.validate()
        return PollResponse(try await knowledge.updatePoll(id, in: context.organization.id, with: changes))
    }

    @Sendable func delete(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.manage)
        let id = try APIBody.id("pollId", in: context, notFound: "Poll not found.")
        try await knowledge.deletePoll(id, in: context.organization.id)
        return Response(status: .noContent)
    }

    /// Reads and validates the poll fields of a create (`question` and `options` required;
    /// `active` defaults to true) or update (all optional, none may be emptied).
    static func changes(from fields: inout FieldReader, creating: Bool) -> KnowledgeService.PollChanges {
        var changes = KnowledgeService.PollChanges()
        changes.question = fields.string("question", required: creating || fields.isPresent("question"), maxLength: 1000)
        if let options = fields.trimmedStrings("options", required: creating || fields.isPresent("options"), maxLength: 200) {
            changes.options = Self.checkOptions(options, in: &fields)
        }
        changes.active = fields.bool("active", required: !creating && fields.isPresent("active"))
        return changes
    }

    /// 2 to 20 options, no two the same (compared case-insensitively, since answers are
    /// matched against them); nil with a message on `options` otherwise.
    static func checkOptions(_ options: [String], in fields: inout FieldReader) -> [String]? {
        guard optionCount.contains(options.count) else {
            fields.fail("options", "The options field must list between \(optionCount.lowerBound) and \(optionCount.upperBound) options.")
            return nil
        }
        var seen = Set<String>()
        let duplicates = options.filter { !seen.insert($0.lowercased()).inserted }
        guard duplicates.isEmpty else {
            let listed = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            fields.fail("options", "The options field must not list the same option twice (\(listed)).")
            return nil
        }
        return options
    }
}
