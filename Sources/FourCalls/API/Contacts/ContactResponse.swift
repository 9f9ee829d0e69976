import Foundation
import Hummingbird

/// A contact as the API (and its events) show it.
struct ContactResponse: ResponseEncodable, Sendable {
    let id: String
    let organization_id: String
    let name: String
    @Nullable var email: String?
    @Nullable var phone: String?
    @Nullable var company: String?
    @Nullable var timezone: String?
    let status: ContactStatus
    @Nullable var notes: String?
    let tags: [String]
    let metadata: JSONValue
    let created_at: Date
    let updated_at: Date

    init(_ tagged: TaggedContact) {
        let contact = tagged.contact
        id = contact.id.api
        organization_id = contact.organizationId.api
        name = contact.name
        email = contact.email
        phone = contact.phone
        company = contact.company
        timezone = contact.timezone
        status = contact.status
        notes = contact.notes
        tags = tagged.tags
        metadata = JSONValue.parse(contact.metadata)
        created_at = contact.createdAt
        updated_at = contact.updatedAt
    }
}

/// A contact embedded in another resource (appointments, lookups).
struct ContactSummary: Encodable, Sendable {
    let id: String
    let name: String
    @Nullable var email: String?
    @Nullable var phone: String?

    init(_ contact: Contact) {
        id = contact.id.api
        name = contact.name
        email = contact.email
        phone = contact.phone
    }
}
