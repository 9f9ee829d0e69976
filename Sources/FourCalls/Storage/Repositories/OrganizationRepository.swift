import Foundation
import SQLKit

/// SQL for `organizations` and `organization_members`.
struct OrganizationRepository {
    let db: any SQLDatabase

    func insert(_ organization: Organization) async throws {
        try await db.insert(into: Table.organizations)
            .model(organization, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
    }

    func update(_ organization: Organization) async throws {
        try await db.update(Table.organizations)
            .set("name", to: organization.name)
            .set("industry", to: organization.industry)
            .set("timezone", to: organization.timezone)
            .set("country_code", to: organization.countryCode)
            .set("business_hours", to: organization.businessHours)
            .set("booking_capacity", to: organization.bookingCapacity)
            .set("allow_calls_outside_quiet_hours", to: organization.allowCallsOutsideQuietHours)
            .set("max_daily_attempts_per_contact", to: organization.maxDailyAttemptsPerContact)
            .set("metadata", to: organization.metadata)
            .set("updated_at", to: organization.updatedAt)
            .where("id", .equal, organization.id)
            .run()
    }

    func find(id: UUID) async throws -> Organization? {
        try await db.select().column("*").from(Table.organizations).where("id", .equal, id)
            .first(decoding: Organization.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// How many appointments may overlap, read with the organization's row locked
    /// (PostgreSQL: concurrent bookings of one organization, on any instance, go one after
    /// the other; SQLite's writes are serialized already).
    func lockedBookingCapacity(id: UUID) async throws -> Int {
        try await db.select().column("booking_capacity").from(Table.organizations)
            .where("id", .equal, id).for(.update)
            .first(decodingColumn: "booking_capacity", as: Int.self) ?? 1
    }

    func delete(id: UUID) async throws {
        try await db.delete(from: Table.organizations).where("id", .equal, id).run()
    }

    /// The organization and the user's role in it; nil when the user is not a member
    /// (which the API reports as 404, never revealing the organization).
    func membership(organizationID: UUID, userID: UUID) async throws -> Membership? {
        guard
            let row = try await db.select().column(SQLRaw("organizations.*"))
                .column(SQLRaw("organization_members.role AS member_role"))
                .from(Table.organizations)
                .join(Table.organizationMembers, on: SQLColumn("organization_id", table: Table.organizationMembers), .equal, SQLColumn("id", table: Table.organizations))
                .where(SQLColumn("id", table: Table.organizations), .equal, SQLBind(organizationID))
                .where(SQLColumn("user_id", table: Table.organizationMembers), .equal, SQLBind(userID))
                .first()
        else { return nil }
        let organization = try row.decode(model: Organization.self, with: SQLRowDecoder(keyDecodingStrategy: .snakeCaseColumns))
        let role = try row.decode(column: "member_role", as: Role.self)
        return Membership(organization: organization, role: role)
    }

    /// The organizations the user belongs to, with the user's role in each, oldest first.
    func list(userID: UUID, page: PageRequest) async throws -> Paged<(Organization, Role)> {
        let rows = try await Paged.fetch(
            db, page: page, decoding: OrganizationWithRole.self, columns: ["organizations.*", "organization_members.role AS member_role"]
        ) { select in
            select.from(Table.organizations)
                .join(Table.organizationMembers, on: SQLColumn("organization_id", table: Table.organizationMembers), .equal, SQLColumn("id", table: Table.organizations))
                .where(SQLColumn("user_id", table: Table.organizationMembers), .equal, SQLBind(userID))
        } order: { select in
            select.orderBy(SQLColumn("created_at", table: Table.organizations)).orderBy(SQLColumn("id", table: Table.organizations))
        }
        return rows.map { ($0.organization, $0.role) }
    }

    // MARK: Members

    func addMember(organizationID: UUID, userID: UUID, role: Role, at now: Date) async throws {
        try await db.insert(into: Table.organizationMembers)
            .columns("organization_id", "user_id", "role", "created_at", "updated_at")
            .values(SQLBind(organizationID), SQLBind(userID), SQLBind(role.rawValue), SQLBind(now), SQLBind(now))
            .run()
    }

    func member(organizationID: UUID, userID: UUID) async throws -> MemberRow? {
        var select = db.select()
        for column in Self.memberColumns { select = select.column(SQLRaw(column)) }
        return try await Self.members(of: organizationID, select)
            .where(SQLColumn("user_id", table: Table.organizationMembers), .equal, SQLBind(userID))
            .first(decoding: MemberRow.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    func members(organizationID: UUID, page: PageRequest) async throws -> Paged<MemberRow> {
        try await Paged.fetch(db, page: page, decoding: MemberRow.self, columns: Self.memberColumns) { select in
            Self.members(of: organizationID, select)
        } order: { select in
            select.orderBy(SQLColumn("created_at", table: Table.organizationMembers)).orderBy(SQLColumn("id", table: Table.users))
        }
    }

    func setRole(organizationID: UUID, userID: UUID, role: Role, at now: Date) async throws {
        try await db.update(Table.organizationMembers)
            .set("role", to: role.rawValue).set("updated_at", to: now)
            .where("organization_id", .equal, organizationID).where("user_id", .equal, userID)
            .run()
    }

    func removeMember(organizationID: UUID, userID: UUID) async throws {
        try await db.delete(from: Table.organizationMembers)
            .where("organization_id", .equal, organizationID).where("user_id", .equal, userID)
            .run()
    }

    private static let memberColumns = [
        "users.id AS user_id", "users.name", "users.email", "organization_members.role",
        "organization_members.created_at", "organization_members.updated_at",
    ]

    private static func members(of organizationID: UUID, _ select: SQLSelectBuilder) -> SQLSelectBuilder {
        select.from(Table.organizationMembers)
            .join(Table.users, on: SQLColumn("id", table: Table.users), .equal, SQLColumn("user_id", table: Table.organizationMembers))
            .where(SQLColumn("organization_id", table: Table.organizationMembers), .equal, SQLBind(organizationID))
    }
}

/// An organization row with the member's role beside it.
private struct OrganizationWithRole: Decodable, Sendable {
    let organization: Organization
    let role: Role

    enum CodingKeys: String, CodingKey { case memberRole }

    init(from decoder: any Decoder) throws {
        organization = try Organization(from: decoder)
        role = try decoder.container(keyedBy: CodingKeys.self).decode(Role.self, forKey: .memberRole)
    }
}
