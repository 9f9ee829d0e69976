import Foundation
import Hummingbird

struct OrganizationResponse: ResponseEncodable, Sendable {
    let id: String
    let name: String
    @Nullable var industry: String?
    let timezone: String
    let country_code: String
    let business_hours: BusinessHours
    let booking_capacity: Int
    let allow_calls_outside_quiet_hours: Bool
    let max_daily_attempts_per_contact: Int
    let metadata: JSONValue
    @Nullable var user_id: String?
    /// The caller's role in this organization.
    let role: Role
    let created_at: Date
    let updated_at: Date

    init(_ organization: Organization, role: Role) {
        id = organization.id.api
        name = organization.name
        industry = organization.industry
        timezone = organization.timezone
        country_code = organization.countryCode
        business_hours = BusinessHours.stored(organization.businessHours)
        booking_capacity = organization.bookingCapacity
        allow_calls_outside_quiet_hours = organization.allowCallsOutsideQuietHours
        max_daily_attempts_per_contact = organization.maxDailyAttemptsPerContact
        metadata = JSONValue.parse(organization.metadata)
        user_id = organization.userId?.api
        self.role = role
        created_at = organization.createdAt
        updated_at = organization.updatedAt
    }
}

struct MemberResponse: ResponseEncodable, Sendable {
    let user_id: String
    let name: String
    let email: String
    let role: Role
    let created_at: Date
    let updated_at: Date

    init(_ row: MemberRow) {
        user_id = row.userId.api
        name = row.name
        email = row.email
        role = row.role
        created_at = row.createdAt
        updated_at = row.updatedAt
    }
}
