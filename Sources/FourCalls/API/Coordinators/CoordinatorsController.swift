import Foundation
import Hummingbird

/// `/organizations/{orgId}/coordinators`: any member reads; admins manage.
struct CoordinatorsController {
    let coordinators: CoordinatorService

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("coordinators", use: list)
        organization.post("coordinators", use: create)
        organization.get("coordinators/{coordinatorId}", use: show)
        organization.put("coordinators/{coordinatorId}", use: update)
        organization.delete("coordinators/{coordinatorId}", use: delete)
        organization.post("coordinators/{coordinatorId}/activate") { request, context in
            try await setStatus(.active, request, context)
        }
        organization.post("coordinators/{coordinatorId}/pause") { request, context in
            try await setStatus(.paused, request, context)
        }
    }

    private func id(_ context: OrganizationContext) throws -> UUID {
        try APIBody.id("coordinatorId", in: context, notFound: "Coordinator not found.")
    }

    @Sendable func list(_ request: Request, context: OrganizationContext) async throws -> PageResponse<CoordinatorResponse> {
        let page = try APIBody.page(of: request)
        let status = try APIBody.filter("status", of: request, CoordinatorStatus.self)
        return PageResponse(try await coordinators.list(context.organization.id, status: status, page: page)) { CoordinatorResponse($0) }
    }

    @Sendable func create(_ request: Request, context: OrganizationContext) async throws -> some ResponseGenerator {
        try context.require(.manage)
        var fields = try await APIBody.fields(of: request, context: context)
        let input = CoordinatorInput.read(&fields, creating: true)
        try fields.validate()
        return created(CoordinatorResponse(try await coordinators.create(in: context.organization, input)))
    }

    @Sendable func show(_ request: Request, context: OrganizationContext) async throws -> CoordinatorResponse {
        CoordinatorResponse(try await coordinators.find(try id(context), in: context.organization.id))
    }

    @Sendable func update(_ request: Request, context: OrganizationContext) async throws -> CoordinatorResponse {
        try context.require(.manage)
        let id = try id(context)
        var fields = try await APIBody.fields(of: request, context: context)
        let input = CoordinatorInput.read(&fields, creating: false)
        try fields.validate()
        return CoordinatorResponse(try await coordinators.update(id, in: context.organization.id, with: input))
    }

    @Sendable func delete(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.manage)
        try await coordinators.delete(try id(context), in: context.organization.id)
        return Response(status: .noContent)
    }

    private func setStatus(_ status: CoordinatorStatus, _ request: Request, _ context: OrganizationContext) async throws -> CoordinatorResponse {
        try context.require(.manage)
        return CoordinatorResponse(try await coordinators.setStatus(status, of: try id(context), in: context.organization.id))
    }
}
