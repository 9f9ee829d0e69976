import Crypto
import Foundation

/// The context packet as the agent API answers it (the guide's shape).
struct ContextPacketResponse: Encodable, Sendable {
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

    init(_ packet: ContextPacket, currentTime: String) {
        let organization = packet.organization
        business_id = organization.id.api
        business_name = organization.name
        timezone = organization.timezone
        current_time = currentTime
        business_hours = BusinessHours.stored(organization.businessHours)
        booking_capacity = organization.bookingCapacity
        contacts = packet.contacts.map(ContactResponse.init)
        appointments = packet.appointments.map(AppointmentResponse.init)
        faqs = packet.faqs.map(FAQResponse.init)
        polls = packet.polls.map(PollResponse.init)
        coordinators = packet.coordinators.map(CoordinatorResponse.init)
        appointment_types = packet.appointmentTypes.map(AppointmentTypeResponse.init)
        last_updated = packet.lastUpdated
    }
}

extension ContextPacket {
    /// The packet's JSON, encoded once around its `current_time` (see `Encoded`).
    func encoded() throws -> Encoded {
        // A value no field can hold by chance marks where `current_time` goes.
        let marker = "\"current-time-" + UUID.random().api + "\""
        let response = ContextPacketResponse(self, currentTime: String(marker.dropFirst().dropLast()))
        let bytes = Array(try JSONCoding.encoder.encode(response))
        let needle = Array(marker.utf8)
        guard let start = bytes.indices.first(where: { bytes[$0...].starts(with: needle) }) else { throw APIError.internalError }
        let before = Array(bytes[..<start])
        let after = Array(bytes[(start + needle.count)...])
        var hasher = SHA256()
        hasher.update(data: before)
        hasher.update(data: after)
        return Encoded(before: before, after: after, etag: "W/\"" + Hex.lowercase(hasher.finalize().prefix(16)) + "\"")
    }

    /// The packet of `organization` as of `now`, encoded (from `cache` when unchanged).
    static func encoded(
        for organization: Organization, contactsLimit: Int, appointmentsLimit: Int, now: Date, storage: any Storage, cache: ContextPacketCache
    ) async throws -> Encoded {
        let key = ContextPacketCache.Key(organizationID: organization.id, contactsLimit: contactsLimit, appointmentsLimit: appointmentsLimit)
        // The stamp's appointment window moves with the clock: one read per second of it.
        let stampKey = ContextPacketCache.StampKey(organizationID: organization.id, second: Int(now.timeIntervalSince1970.rounded(.down)))
        let stamp = try await cache.stamps.value(stampKey, commits: storage.changes.commits) {
            try await storage.read { db in try await ContextPacket.stamp(for: organization, now: now, on: db) }
        }
        return try await cache.packet(key, stamp: stamp) {
            let packet = try await storage.read { db in
                try await ContextPacket.load(for: organization, contactsLimit: contactsLimit, appointmentsLimit: appointmentsLimit, now: now, on: db)
            }
            return try packet.encoded()
        }
    }
}
