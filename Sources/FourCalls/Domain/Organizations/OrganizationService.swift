import Foundation
import SQLKit

/// Organizations and their members: creation (the creator becomes owner), updates, deletion
/// and the member rules of CONTRACT section 3.
struct OrganizationService: Sendable {
    let storage: any Storage
    let clock: any AppClock
    /// Organizations and memberships (see `AccessCache`); every change below posts a notice
    /// that drops the organization's entries.
    var cache: AccessCache? = nil

    /// Validated fields of a create or update; nil leaves a field as it is (or at its default).
    struct Changes: Sendable {
        var name: String?
        var industry: String??
        var timezone: String?
        var countryCode: String?
        var businessHours: BusinessHours?
        var bookingCapacity: Int?
        var allowCallsOutsideQuietHours: Bool?
        var maxDailyAttemptsPerContact: Int?
        var metadata: JSONValue?
    }

    func create(by userID: UUID, _ changes: Changes) async throws -> Organization {
        let now = clock.now()
        let organization = Organization(
            id: UUID.random(), userId: userID, name: changes.name ?? "",
            industry: changes.industry ?? nil,
            timezone: changes.timezone ?? Organization.defaultTimeZone,
            countryCode: changes.countryCode ?? Organization.defaultCountryCode,
            businessHours: (changes.businessHours ?? .standard).jsonText(),
            bookingCapacity: changes.bookingCapacity ?? 1,
            allowCallsOutsideQuietHours: changes.allowCallsOutsideQuietHours ?? false,
            maxDailyAttemptsPerContact: changes.maxDailyAttemptsPerContact ?? Organization.defaultMaxDailyAttemptsPerContact,
            metadata: (changes.metadata ?? .object([:])).jsonText(),
            createdAt: now, updatedAt: now)
        try await storage.transaction { db in
            let organizations = OrganizationRepository(db: db)
            try await organizations.insert(organization)
            try await organizations.addMember(organizationID: organization.id, userID: userID, role: .owner, at: now)
            try await EventRecorder.record(
                .organizationCreated, organizationID: organization.id,
                data: .organization(organization, role: .owner), at: now, on: db)
        }
        return organization
    }

    func update(_ organization: Organization, with changes: Changes) async throws -> Organization {
        var updated = organization
        if let name = changes.name { updated.name = name }
        if let industry = changes.industry { updated.industry = industry }
        if let timezone = changes.timezone { updated.timezone = timezone }
        if let countryCode = changes.countryCode { updated.countryCode = countryCode }
        if let hours = changes.businessHours { updated.businessHours = hours.jsonText() }
        if let capacity = changes.bookingCapacity { updated.bookingCapacity = capacity }
        if let allow = changes.allowCallsOutsideQuietHours { updated.allowCallsOutsideQuietHours = allow }
        if let cap = changes.maxDailyAttemptsPerContact { updated.maxDailyAttemptsPerContact = cap }
        if let metadata = changes.metadata { updated.metadata = metadata.jsonText() }
        updated.updatedAt = clock.now()
        let result = updated
        let zoneChanged = updated.timezone != organization.timezone
        try await storage.transaction { db in
            try await OrganizationRepository(db: db).update(result)
            ChangeNotices.post(.organization(result.id))
            // Call totals are kept by local day: another zone draws other days.
            if zoneChanged { try await CallTotals.rebuild(organizationID: result.id, timeZone: result.timeZone, on: db) }
        }
        return result
    }

    func delete(_ organization: Organization) async throws {
        try await storage.transaction { db in
            try await OrganizationRepository(db: db).delete(id: organization.id)
            ChangeNotices.post(.organization(organization.id))
        }
    }

    func membership(organizationID: UUID, userID: UUID) async throws -> Membership? {
        if let cached = cache?.membership(organizationID: organizationID, userID: userID) { return cached }
        let generation = cache?.generation ?? 0
        let membership = try await storage.read { db in
            try await OrganizationRepository(db: db).membership(organizationID: organizationID, userID: userID)
        }
        if let membership { cache?.store(membership, userID: userID, generation: generation) }
        return membership
    }

    /// The organization by id (the AI agent API's business).
    func find(_ id: UUID) async throws -> Organization? {
        if let cached = cache?.organization(id) { return cached }
        let generation = cache?.generation ?? 0
        let organization = try await storage.read { db in
            try await OrganizationRepository(db: db).find(id: id)
        }
        if let organization { cache?.store(organization, generation: generation) }
        return organization
    }

    func list(userID: UUID, page: PageRequest) async throws -> Paged<(Organization, Role)> {
        try await storage.read { db in try await OrganizationRepository(db: db).list(userID: userID, page: page) }
    }

    // MARK: Members

    func members(of organizationID: UUID, page: PageRequest) async throws -> Paged<MemberRow> {
        try await storage.read { db in try await OrganizationRepository(db: db).members(organizationID: organizationID, page: page) }
    }

    /// Changes a member's role; the owner's role is fixed.
    func setRole(in organizationID: UUID, userID: UUID, role: Role) async throws -> MemberRow {
        let now = clock.now()
        return try await storage.transaction { db in
            ChangeNotices.post(.organization(organizationID))
            let organizations = OrganizationRepository(db: db)
            guard let member = try await organizations.member(organizationID: organizationID, userID: userID) else {
                throw APIError.notFound("Member not found.")
            }
            if member.role == .owner { throw APIError.forbidden("The owner's role cannot be changed.") }
            try await organizations.setRole(organizationID: organizationID, userID: userID, role: role, at: now)
            guard let row = try await organizations.member(organizationID: organizationID, userID: userID) else {
                throw APIError.internalError
            }
            return row
        }
    }

    /// Removes a member; the owner cannot be removed.
    func removeMember(from organizationID: UUID, userID: UUID) async throws {
        try await storage.transaction { db in
            ChangeNotices.post(.organization(organizationID))
            let organizations = OrganizationRepository(db: db)
            guard let member = try await organizations.member(organizationID: organizationID, userID: userID) else {
                throw APIError.notFound("Member not found.")
            }
            if member.role == .owner { throw APIError.forbidden("The owner cannot be removed from the organization.") }
            try await organizations.removeMember(organizationID: organizationID, userID: userID)
        }
    }
}
