import Foundation

/// Appointment types: what a booking may be, with its duration and buffers.
struct AppointmentTypeService: Sendable {
    let storage: any Storage
    let clock: any AppClock

    static let notFound = APIError.notFound("Appointment type not found.")

    func list(_ organizationID: UUID, page: PageRequest) async throws -> Paged<AppointmentType> {
        try await storage.read { db in try await TenantRows<AppointmentType>(db: db).page(organizationID: organizationID, page) }
    }

    func find(_ id: UUID, in organizationID: UUID) async throws -> AppointmentType {
        let type = try await storage.read { db in try await TenantRows<AppointmentType>(db: db).find(id: id, organizationID: organizationID) }
        guard let type else { throw Self.notFound }
        return type
    }

    /// A new type of the organization, as `fill` makes it from the defaults (30 minutes, no buffers).
    func create(in organizationID: UUID, _ fill: (inout AppointmentType) throws -> Void) async throws -> AppointmentType {
        let now = clock.now()
        var type = AppointmentType(
            id: UUID.random(), organizationId: organizationID, name: "", durationMinutes: 30, bufferBeforeMinutes: 0,
            bufferAfterMinutes: 0, createdAt: now, updatedAt: now)
        try fill(&type)
        let newType = type
        try await storage.transaction { db in try await TenantRows<AppointmentType>(db: db).insert(newType) }
        return newType
    }

    /// The type as `change` leaves it (404 when there is none).
    func update(_ id: UUID, in organizationID: UUID, _ change: @escaping @Sendable (inout AppointmentType) throws -> Void)
        async throws -> AppointmentType
    {
        let now = clock.now()
        return try await storage.transaction { db -> AppointmentType in
            let rows = TenantRows<AppointmentType>(db: db)
            guard var type = try await rows.find(id: id, organizationID: organizationID) else { throw Self.notFound }
            try change(&type)
            type.updatedAt = now
            try await rows.update(type, id: id, organizationID: organizationID)
            return type
        }
    }

    func delete(_ id: UUID, in organizationID: UUID) async throws {
        let deleted = try await storage.transaction { db in try await TenantRows<AppointmentType>(db: db).delete(id: id, organizationID: organizationID) }
        if !deleted { throw Self.notFound }
    }
}
