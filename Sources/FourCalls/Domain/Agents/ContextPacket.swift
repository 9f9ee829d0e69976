import Foundation
import SQLKit

/// Everything an agent needs at the start of a call (the guide's context packet, plus the
/// fields of CONTRACT section 7), as domain values; `ContextPacketResponse` is its JSON.
struct ContextPacket: Sendable {
    let organization: Organization
    let contacts: [TaggedContact]
    let appointments: [AppointmentWithContact]
    let faqs: [FAQ]
    let polls: [Poll]
    let coordinators: [CoordinatorWithTemplates]
    let appointmentTypes: [AppointmentType]
    let lastUpdated: Date

    static let defaultContacts = 50
    static let maxContacts = 500
    /// Appointments of the next 14 days, soonest first: the packet stays bounded however busy
    /// the calendar is (`appointments_limit`).
    static let defaultAppointments = 100
    static let maxAppointments = 500
    /// FAQs, active polls, coordinators and appointment types at most, each.
    static let maxListed = 100
    static let window: TimeInterval = 14 * 86_400

    /// What the packet is made of, for telling cheaply whether it changed: per table, how many
    /// rows count and their latest `updated_at` (plus the window's first appointment, which
    /// moves as time passes). Read before `load`, so a change between the two only makes the
    /// cached packet refresh once more.
    static func stamp(for organization: Organization, now: Date, on db: any SQLDatabase) async throws -> String {
        let parts = try await ContextPacketRepository(db: db).stamp(
            organizationID: organization.id, appointmentsFrom: now, until: now.addingTimeInterval(window))
        return ([String(organization.updatedAt.timeIntervalSince1970)] + parts).joined(separator: ",")
    }

    /// Loads the packet: the most recently updated contacts, the soonest live appointments of
    /// the next 14 days, FAQs, active polls, coordinators and appointment types.
    static func load(
        for organization: Organization, contactsLimit: Int, appointmentsLimit: Int = defaultAppointments, now: Date, on db: any SQLDatabase
    ) async throws -> ContextPacket {
        let id = organization.id
        do {
            let packet = ContextPacketRepository(db: db)
            let contactRows = try await packet.recentContacts(organizationID: id, limit: contactsLimit)
            let tags = try await ContactRepository(db: db).tags(of: contactRows.map(\.id))
            let appointmentRows = try await packet.upcomingAppointments(
                organizationID: id, from: now, until: now.addingTimeInterval(window), limit: appointmentsLimit)
            let appointmentContacts = Dictionary(
                uniqueKeysWithValues: try await TenantRows<Contact>(db: db)
                    .find(ids: Array(Set(appointmentRows.map(\.contactId))), organizationID: id).map { ($0.id, $0) })
            let faqs = try await packet.listed(FAQ.self, organizationID: id, limit: maxListed)
            let polls = try await packet.listed(Poll.self, organizationID: id, limit: maxListed, activeOnly: true)
            let coordinators = try await packet.listed(Coordinator.self, organizationID: id, limit: maxListed)
            let types = try await packet.listed(AppointmentType.self, organizationID: id, limit: maxListed)
            let templates = TemplateRepository(db: db)
            let roles = Dictionary(uniqueKeysWithValues: try await templates.roles().map { ($0.id, $0) })
            let personas = Dictionary(uniqueKeysWithValues: try await templates.personas().map { ($0.id, $0) })
            let updated = [organization.updatedAt] + contactRows.map(\.updatedAt) + appointmentRows.map(\.updatedAt) + faqs.map(\.updatedAt)
                + polls.map(\.updatedAt) + coordinators.map(\.updatedAt) + types.map(\.updatedAt)
            return ContextPacket(
                organization: organization,
                contacts: contactRows.map { TaggedContact(contact: $0, tags: tags[$0.id] ?? []) },
                appointments: appointmentRows.map { AppointmentWithContact(appointment: $0, contact: appointmentContacts[$0.contactId]) },
                faqs: faqs, polls: polls,
                coordinators: coordinators.map {
                    CoordinatorWithTemplates(coordinator: $0, role: roles[$0.roleTemplateId], persona: personas[$0.personaTemplateId])
                },
                appointmentTypes: types, lastUpdated: updated.max() ?? now)
        }
    }

    /// The packet encoded once, around its `current_time`: the bytes before and after its
    /// value, and a weak validator of everything but `current_time` (so an unchanged business
    /// answers 304 however much time has passed).
    struct Encoded: Sendable {
        let before: [UInt8]
        let after: [UInt8]
        let etag: String

        var size: Int { before.count + after.count }

        /// The whole body, with `now` (in the business's time zone) as `current_time`.
        func body(currentTime: String) -> [UInt8] {
            var bytes = before
            bytes.reserveCapacity(size + currentTime.utf8.count + 2)
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: currentTime.utf8)
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: after)
            return bytes
        }
    }
}
