import Crypto
import Foundation
import SQLKit

/// Everything an agent needs at the start of a call (the guide's context packet, plus the
/// fields of CONTRACT section 7).
struct ContextPacket: Encodable, Sendable {
    let business_id: String
    let business_name: String
    let timezone: String
    /// Now, in the business's time zone, with its offset.
    var current_time: String
    let business_hours: BusinessHours
    let booking_capacity: Int
    let contacts: [ContactResponse]
    let appointments: [AppointmentResponse]
    let faqs: [FAQResponse]
    let polls: [PollResponse]
    let coordinators: [CoordinatorResponse]
    let appointment_types: [AppointmentTypeResponse]
    let last_updated: Date

    static let defaultContacts = 50
    static let maxContacts = 500

    /// Loads the packet: the most recently updated contacts, live appointments of the next
    /// 14 days, FAQs, active polls, coordinators and appointment types.
    static func load(for organization: Organization, contactsLimit: Int, now: Date, storage: any Storage) async throws -> ContextPacket {
        let id = organization.id
        return try await storage.read { db in
            let contactRows = try await db.select().column("*").from("contacts").where("organization_id", .equal, id)
                .orderBy("updated_at", .descending).orderBy("id").limit(contactsLimit)
                .all(decoding: Contact.self, keyDecodingStrategy: .snakeCaseColumns)
            let tags = try await ContactRepository(db: db).tags(of: contactRows.map(\.id))
            let appointmentRows = try await db.select().column("*").from("appointments").where("organization_id", .equal, id)
                .where("status", .in, AppointmentStatus.live.map(\.rawValue))
                .where("scheduled_at", .greaterThanOrEqual, now).where("scheduled_at", .lessThan, now.addingTimeInterval(14 * 86_400))
                .orderBy("scheduled_at").orderBy("id")
                .all(decoding: Appointment.self, keyDecodingStrategy: .snakeCaseColumns)
            let appointmentContacts = Dictionary(
                uniqueKeysWithValues: try await TenantRows<Contact>(db: db, table: "contacts")
                    .find(ids: Array(Set(appointmentRows.map(\.contactId))), organizationID: id).map { ($0.id, $0) })
            let everything = PageRequest(page: 1, perPage: 1000)
            let faqs = try await TenantRows<FAQ>(db: db, table: "faqs").page(organizationID: id, everything).items
            let polls = try await TenantRows<Poll>(db: db, table: "polls").page(organizationID: id, everything) { $0.where("active", .equal, true) }.items
            let coordinators = try await TenantRows<Coordinator>(db: db, table: "coordinators").page(organizationID: id, everything).items
            let types = try await TenantRows<AppointmentType>(db: db, table: "appointment_types").page(organizationID: id, everything).items
            let templates = TemplateRepository(db: db)
            let roles = Dictionary(uniqueKeysWithValues: try await templates.roles().map { ($0.id, $0) })
            let personas = Dictionary(uniqueKeysWithValues: try await templates.personas().map { ($0.id, $0) })
            let updated = [organization.updatedAt] + contactRows.map(\.updatedAt) + appointmentRows.map(\.updatedAt) + faqs.map(\.updatedAt)
                + polls.map(\.updatedAt) + coordinators.map(\.updatedAt) + types.map(\.updatedAt)
            return ContextPacket(
                business_id: id.api, business_name: organization.name, timezone: organization.timezone,
                current_time: now.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: organization.timeZone)),
                business_hours: BusinessHours.stored(organization.businessHours), booking_capacity: organization.bookingCapacity,
                contacts: contactRows.map { ContactResponse(TaggedContact(contact: $0, tags: tags[$0.id] ?? [])) },
                appointments: appointmentRows.map { AppointmentResponse(AppointmentWithContact(appointment: $0, contact: appointmentContacts[$0.contactId])) },
                faqs: faqs.map(FAQResponse.init), polls: polls.map(PollResponse.init),
                coordinators: coordinators.map {
                    CoordinatorResponse(CoordinatorWithTemplates(coordinator: $0, role: roles[$0.roleTemplateId], persona: personas[$0.personaTemplateId]))
                },
                appointment_types: types.map(AppointmentTypeResponse.init), last_updated: updated.max() ?? now)
        }
    }

    /// A weak validator of the content: `current_time` is left out, so an unchanged
    /// business answers 304 however much time has passed.
    func etag() throws -> String {
        var copy = self
        copy.current_time = ""
        let digest = SHA256.hash(data: try JSONCoding.encoder.encode(copy))
        return "W/\"" + Hex.lowercase(digest.prefix(16)) + "\""
    }
}
