import Foundation
import Hummingbird

/// A contact as the API (and its events) show it.
struct ContactResponse: JSONWritableResponse, Sendable {
    let id: String
    let organization_id: String
    let name: String
    @Nullable var email: String?
    @Nullable var phone: String?
    @Nullable var company: String?
    @Nullable var timezone: String?
    @Nullable var consent_at: Date?
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
        consent_at = contact.consentAt
        status = contact.status
        notes = contact.notes
        tags = tagged.tags
        metadata = JSONValue.parse(contact.metadata)
        created_at = contact.createdAt
        updated_at = contact.updatedAt
    }

    func write(to json: inout JSONWriter) throws {
        json.raw("{\"company\":")
        json.write(company)
        json.raw(",\"consent_at\":")
        if let consent_at { try json.write(consent_at) } else { json.raw("null") }
        json.raw(",\"created_at\":")
        try json.write(created_at)
        json.raw(",\"email\":")
        json.write(email)
        json.raw(",\"id\":")
        json.write(id)
        json.raw(",\"metadata\":")
        try json.write(metadata)
        json.raw(",\"name\":")
        json.write(name)
        json.raw(",\"notes\":")
        json.write(notes)
        json.raw(",\"organization_id\":")
        json.write(organization_id)
        json.raw(",\"phone\":")
        json.write(phone)
        json.raw(",\"status\":")
        json.write(status.rawValue)
        json.raw(",\"tags\":")
        json.write(tags)
        json.raw(",\"timezone\":")
        json.write(timezone)
        json.raw(",\"updated_at\":")
        try json.write(updated_at)
        json.raw("}")
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
