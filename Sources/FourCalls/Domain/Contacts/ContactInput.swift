import Foundation

/// Validated contact fields of a create, update or import row; nil leaves a field unchanged.
struct ContactInput: Sendable {
    var name: String?
    var email: String??
    var phone: String??
    var company: String??
    var timezone: String??
    var status: ContactStatus?
    var notes: String??
    var tags: [String]?
    var metadata: JSONValue?
    var consentAt: Date??

    /// Reads the fields; `name` is required when creating. Phones are normalized with the
    /// organization's country code.
    static func read(_ fields: inout FieldReader, creating: Bool, countryCode: String) -> ContactInput {
        var input = ContactInput()
        input.name = fields.string("name", required: creating || fields.isPresent("name"))
        if fields.isPresent("email") { input.email = .some(fields.email("email")) }
        if fields.isPresent("phone") {
            if let text = fields.string("phone", maxLength: 40) {
                if let phone = PhoneNumber.normalize(text, countryCode: countryCode) {
                    input.phone = .some(phone)
                } else {
                    fields.fail("phone", "The phone field must be a valid phone number (E.164 such as +15551234567, or a national number).")
                }
            } else {
                input.phone = .some(nil)
            }
        }
        if fields.isPresent("company") { input.company = .some(fields.string("company")) }
        if fields.isPresent("timezone") { input.timezone = .some(fields.timeZone("timezone")) }
        if fields.isPresent("notes") { input.notes = .some(fields.longText("notes")) }
        input.status = fields.oneOf("status", ContactStatus.self)
        if let tags = fields.stringArray("tags", maxLength: TextLimits.tag) {
            input.tags = Self.cleanTags(tags)
        }
        input.metadata = fields.jsonObject("metadata")
        if fields.isPresent("consent_at") { input.consentAt = .some(fields.date("consent_at")) }
        // `source` and `source_id` are copied into indexed columns: single-line limits.
        for key in ["source", "source_id"] {
            if case .string(let text)? = input.metadata?[key], let problem = TextLimits.lineProblem(text, maxLength: TextLimits.line) {
                fields.fail("metadata.\(key)", "The metadata \(key.replacingOccurrences(of: "_", with: " ")) field \(problem).")
            }
        }
        return input
    }

    /// Trimmed, without duplicates, in the order given.
    static func cleanTags(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        return tags.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Applies the given fields to `contact`.
    func apply(to contact: inout Contact) {
        if let name {
            contact.name = name
            contact.nameSearch = name.lowercased()
        }
        if let email {
            contact.email = email
            contact.emailNormalized = email.map(EmailAddress.normalized)
        }
        if let phone { contact.phone = phone }
        if let company { contact.company = company }
        if let timezone { contact.timezone = timezone }
        if let status { contact.status = status }
        if let notes { contact.notes = notes }
        if let metadata { contact.setMetadata(metadata) }
        if let consentAt { contact.consentAt = consentAt }
    }

    /// A new contact from these fields.
    func makeContact(organizationID: UUID, now: Date) -> Contact {
        var contact = Contact(
            id: UUID.random(), organizationId: organizationID, name: "", nameSearch: "", email: nil, emailNormalized: nil,
            phone: nil, company: nil, timezone: nil, status: .active, notes: nil, metadata: "{}", source: nil,
            sourceId: nil, consentAt: nil, createdAt: now, updatedAt: now)
        apply(to: &contact)
        return contact
    }
}
