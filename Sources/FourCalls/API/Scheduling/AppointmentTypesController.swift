import Foundation
import Hummingbird
import SQLKit

/// `/organizations/{orgId}/appointment-types`: any member reads; admins manage.
struct AppointmentTypesController {
    let storage: any Storage
    let clock: any AppClock

    static let notFound = APIError.notFound("Appointment type not found.")

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("appointment-types", use: list)
        organization.post("appointment-types", use: create)
        organization.get("appointment-types/{typeId}", use: show)
        organization.put("appointment-types/{typeId}", use: update)
        organization.delete("appointment-types/{typeId}", use: delete)
    }

    private func rows(_ db: any SQLDatabase) -> TenantRows<AppointmentType> { TenantRows(db: db, table: "appointment_types") }

    private func id(_ context: OrganizationContext) throws -> UUID {
        try APIBody.id("typeId", in: context, notFound: "Appointment type not found.")
    }

    @Sendable func list(_ request: Request, context: OrganizationContext) async throws -> PageResponse<AppointmentTypeResponse> {
        let page = try APIBody.page(of: request)
        let organizationID = context.organization.id
        let types = try await storage.read { db in try await rows(db).page(organizationID: organizationID, page) }
        return PageResponse(types) { AppointmentTypeResponse($0) }
    }

    @Sendable func show(_ request: Request, context: OrganizationContext) async throws -> AppointmentTypeResponse {
        let (id, organizationID) = (try id(context), context.organization.id)
        guard let type = try await storage.read({ db in try await rows(db).find(id: id, organizationID: organizationID) }) else {
            throw Self.notFound
        }
        return AppointmentTypeResponse(type)
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
        let now = clock.now()
        var type = AppointmentType(
            id: UUID(), organizationId: context.organization.id, name: "", durationMinutes: 30, bufferBeforeMinutes: 0,
            bufferAfterMinutes: 0, createdAt: now, updatedAt: now)
        Self.read(&fields, into: &type, creating: true)
        try fields.validate()
        let newType = type
        try await storage.transaction { db in try await rows(db).insert(newType) }
        return created(AppointmentTypeResponse(newType))
    }

    @Sendable func update(_ request: Request, context: OrganizationContext) async throws -> AppointmentTypeResponse {
        try context.require(.manage)
        let (id, organizationID) = (try id(context), context.organization.id)
        let reader = try await APIBody.fields(of: request, context: context)
        let now = clock.now()
        let updated = try await storage.transaction { db -> AppointmentType in
            guard var type = try await rows(db).find(id: id, organizationID: organizationID) else { throw Self.notFound }
            var fields = reader
            Self.read(&fields, into: &type, creating: false)
            try fields.validate()
            type.updatedAt = now
            try await rows(db).update(type, id: id, organizationID: organizationID)
            return type
        }
        return AppointmentTypeResponse(updated)
    }

    @Sendable func delete(_ request: Request, context: OrganizationContext) async throws -> Response {
        try context.require(.manage)
        let (id, organizationID) = (try id(context), context.organization.id)
        let deleted = try await storage.transaction { db in try await rows(db).delete(id: id, organizationID: organizationID) }
        if !deleted { throw Self.notFound }
        return Response(status: .noContent)
    }
}
