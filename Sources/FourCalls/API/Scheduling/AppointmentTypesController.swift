import Foundation
import Hummingbird

/// `/organizations/{orgId}/appointment-types`: any member reads; admins manage.
struct AppointmentTypesController {
    let types: AppointmentTypeService

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("appointment-types", use: list)
        organization.post("appointment-types", use: create)
        organization.get("appointment-types/{typeId}", use: show)
        organization.put("appointment-types/{typeId}", use: update)
        organization.delete("appointment-types/{typeId}", use: delete)
    }

    private func id(_ context: OrganizationContext) throws -> UUID {
        try APIBody.id("typeId", in: context, notFound: "Appointment type not found.")
    }

    @Sendable func list(_ request: Request, context: OrganizationContext) async throws -> PageResponse<AppointmentTypeResponse> {
        let page = try APIBody.page(of: request)
        let organizationID = context.organization.id
        return PageResponse(try await types.list(organizationID, page: page)) { AppointmentTypeResponse($0) }
    }

    @Sendable func show(_ request: Request, context: OrganizationContext) async throws -> AppointmentTypeResponse {
        AppointmentTypeResponse(try await types.find(try id(context), in: context.organization.id))
    }

    /// name (required on create), duration_minutes (5–1440, default 30), buffers (0–240, default 0).
    private static func read(_ fields: inout FieldReader, into type: inout AppointmentType, creating: Bool) {
        if let name = fields.string("name", required: creating || fields.isPresent("name")) { type.name = name }
        if let minutes = fields.int("duration_minutes", in: Appointment.durationMinutes) { type.durationMinutes = minutes }
        if let minutes = fields.int("buffer_before_minutes", in: Appointment.bufferMinutes) { type.bufferBeforeMinutes = minutes }
        if let minutes = fields.int("buffer_after_minutes", in: Appointment.bufferMinutes) { type.bufferAfterMinutes = minutes }
    }

    @Sendable func create(_ request: Request, context: OrganizationContext) async throws -> some ResponseGenerator {
        try context.require(.manage)
        var fields = try await APIBody.fields(of: request, context: context)
        let newType = try await types.create(in: context.organization.id) { type in
            Self.read(&fields, into: &type, creating: true)
            try fields.validate()
        }
        return created(AppointmentTypeResponse(newType))
    }

    @Sendable func update(_ request: Request, context: OrganizationContext) async throws -> AppointmentTypeResponse {
        try context.require(.manage)
        let (id, organizationID) = (try id(context), context.organization.id)
        let reader = try await APIBody.fields(of: request, context: context)
        let updated = try await types.update(id, in: organizationID) { type in
            var fields = reader
            Self.read(&fields, into: &type, creating: false)
            try fields.validate()
        }
        return AppointmentTypeResponse(updated)
    }

    @Sendable func delete(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.manage)
        try await types.delete(try id(context), in: context.organization.id)
        return Response(status: .noContent)
    }
}
