import Foundation

/// A business using 4Calls: the tenant that owns every other record. Rows of `organizations`.
struct Organization: Codable, Sendable {
    let id: UUID
    /// The user who created it (its first owner).
    var userId: UUID?
    var name: String
    var industry: String?
    var timezone: String
    var countryCode: String
    /// `BusinessHours` as JSON text.
    var businessHours: String
    var bookingCapacity: Int
    /// Campaigns may call before 08:00 and after 21:00 in the contact's zone (CONTRACT section 12).
    var allowCallsOutsideQuietHours: Bool
    /// Leases of one contact per local day of the contact, across all campaigns.
    var maxDailyAttemptsPerContact: Int
    /// Free JSON object as text.
    var metadata: String
    let createdAt: Date
    var updatedAt: Date

    /// The organization's zone; stored names were validated, UTC is a safe fallback.
    var timeZone: TimeZone { TimeZone(identifier: timezone) ?? TimeZone(identifier: "UTC")! }

    static let defaultTimeZone = "America/New_York"
    static let defaultCountryCode = "1"
    static let defaultMaxDailyAttemptsPerContact = 3
}

/// The caller's place in an organization, resolved once per request. A class, as
/// `Principal` is: request contexts copy it through every middleware.
public final class Membership: Sendable {
    let organization: Organization
    let role: Role

    init(organization: Organization, role: Role) {
        self.organization = organization
        self.role = role
    }

    var organizationID: UUID { organization.id }
}

/// A member row joined with its user, for the members endpoints.
struct MemberRow: Codable, Sendable {
    let userId: UUID
    let name: String
    let email: String
    let role: Role
    let createdAt: Date
    let updatedAt: Date
}
