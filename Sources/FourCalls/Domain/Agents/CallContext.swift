import Foundation
import SQLKit

/// What an agent needs the moment a call starts (CONTRACT section 10), in one packet of at
/// most 8 KB: the business, the time there, whether it is open, what can be booked and the
/// next free slots, and, for a known caller, who they are, their next appointments and
/// their last calls. Long lists and texts are cut to fit; fields are never left out.
struct CallContext: Encodable, Sendable {
    struct Now: Encodable, Sendable {
        let utc: Date
        let local: String
        let spoken: String
    }

    struct Hours: Encodable, Sendable {
        let open: String
        let close: String
        /// "9:00 AM to 5:00 PM".
        let spoken: String
    }

    struct TypeSummary: Encodable, Sendable {
        let id: String
        let name: String
        let duration_minutes: Int
    }

    struct CoordinatorSummary: Encodable, Sendable {
        let name: String
        /// The persona's name, e.g. "Friendly Professional".
        @Nullable var persona: String?
        @Nullable var tone: String?
        @Nullable var greeting: String?
    }

    struct FAQSummary: Encodable, Sendable {
        let question: String
        let answer: String
    }

    struct ContactSummary: Encodable, Sendable {
        let id: String
        let name: String
        @Nullable var phone: String?
        @Nullable var email: String?
        @Nullable var company: String?
        let status: String
        let tags: [String]
        @Nullable var notes: String?
    }

    let business_id: String
    let business_name: String
    let timezone: String
    let now: Now
    let open_now: Bool
    @Nullable var today_hours: Hours?
    @Nullable var next_opening: SpeakableTime?
    var appointment_types: [TypeSummary]
    @Nullable var coordinator: CoordinatorSummary?
    var faqs: [FAQSummary]
    let next_free_slots: [SpeakableTime]
    @Nullable var contact: ContactSummary?
    var upcoming_appointments: [SpokenAppointment]
    var recent_calls: [SpokenCall]

    static let maxBytes = 8192
    static let listed = 3

    /// What the packet tells of the business itself, the same for every caller, and the
    /// calendar's version its free slots are checked against: read once per write committed
    /// (`AgentOperations.businesses`).
    struct Business: Sendable {
        let types: [AppointmentType]
        let coordinator: Coordinator?
        let persona: PersonaTemplate?
        let faqs: [FAQ]
        let scheduleVersion: Int
    }
}

extension AgentOperations {
    /// The call-start packet for a caller with `phone` (any common format; nil or unknown:
    /// no caller details), and its JSON (encoded once, to fit it in 8 KB).
    func callContext(for organization: Organization, phone: String?) async throws -> (packet: CallContext, json: Data) {
        let now = clock.now()
        let zone = organization.timeZone
        let normalizedPhone = phone.flatMap { PhoneNumber.normalize($0, countryCode: organization.countryCode) }
        let id = organization.id
        let business = try await businesses.value(id, commits: storage.changes.commits) { [storage] in
            try await storage.read { db in
                let queries = CallContextRepository(db: db)
                let coordinator = try await queries.coordinator(organizationID: id)
                return CallContext.Business(
                    types: try await queries.types(organizationID: id), coordinator: coordinator,
                    persona: try await coordinator.asyncFlatMap { try await TemplateRepository(db: db).persona(id: $0.personaTemplateId) },
                    faqs: try await queries.faqs(organizationID: id),
                    // Read before the slots are computed: a booking after it raises it again.
                    scheduleVersion: try await ScheduleVersion.current(id, on: db))
            }
        }
        var caller: (TaggedContact, [Appointment], [Call])?
        if let normalizedPhone, let customer = try await lookup(organizationID: id, phone: normalizedPhone, email: nil) {
            caller = (
                customer.contact, Array(customer.upcoming.prefix(CallContext.listed).map(\.appointment)),
                Array(customer.recentCalls.prefix(CallContext.listed))
            )
        }
        let (types, coordinator, persona, faqs, version) =
            (business.types, business.coordinator, business.persona, business.faqs, business.scheduleVersion)
        let duration = types.first?.durationMinutes ?? 30
        let slots = try await freeSlots.slots(
            .init(organizationID: organization.id, durationMinutes: duration), version: version, organization: organization, now: now
        ) {
            try await alternatives(in: organization, after: now, durationMinutes: duration, typeID: nil, coordinatorID: nil)
        }
        let hours = AvailabilityCalculator(
            timeZone: zone, hours: BusinessHours.stored(organization.businessHours), durationMinutes: 30, earliestStart: now)
        let today = LocalDay(containing: now, in: zone)
        let window = hours.openWindow(on: today)
        let openNow = window?.contains(now) ?? false
        var nextOpening: Date?
        if !openNow {
            var day = today
            for _ in 0...7 {
                if let opening = hours.openWindow(on: day)?.lowerBound, opening > now {
                    nextOpening = opening
                    break
                }
                day = day.next
            }
        }
        let typeNames = Dictionary(uniqueKeysWithValues: types.map { ($0.id, $0.name) })
        let fit = CallContextFit(
            organization: organization, now: now, openNow: openNow, window: window, nextOpening: nextOpening, types: types,
            coordinator: coordinator, persona: persona, faqs: faqs, slots: slots, caller: caller, typeNames: typeNames)
        return try fit.packet()
    }
}

/// Builds the packet at the most generous level of detail that fits in 8 KB.
struct CallContextFit {
    struct Level {
        let faqs: Int
        let types: Int
        let tags: Int
        /// Characters kept of a long text (answers, notes, summaries).
        let text: Int
        /// Characters kept of a one-line text (names, questions).
        let line: Int
    }

    static let levels = [
        Level(faqs: 10, types: 10, tags: 10, text: 400, line: 200),
        Level(faqs: 5, types: 8, tags: 5, text: 200, line: 120),
        Level(faqs: 3, types: 5, tags: 3, text: 100, line: 80),
        Level(faqs: 1, types: 3, tags: 1, text: 60, line: 60),
        Level(faqs: 0, types: 1, tags: 0, text: 30, line: 40),
    ]

    let organization: Organization
    let now: Date
    let openNow: Bool
    let window: Range<Date>?
    let nextOpening: Date?
    let types: [AppointmentType]
    let coordinator: Coordinator?
    let persona: PersonaTemplate?
    let faqs: [FAQ]
    let slots: [Range<Date>]
    let caller: (TaggedContact, [Appointment], [Call])?
    let typeNames: [UUID: String]

    func packet() throws -> (CallContext, Data) {
        var packet = build(Self.levels[0])
        var json = try packet.json()
        for level in Self.levels.dropFirst() where json.count > CallContext.maxBytes {
            packet = build(level)
            json = try packet.json()
        }
        return (packet, json)
    }

    /// `text` cut to `limit` characters, with an ellipsis when cut.
    static func cut(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(limit - 1, 0))) + "…"
    }

    func build(_ level: Level) -> CallContext {
        let zone = organization.timeZone
        let line = { (text: String) in Self.cut(text, level.line) }
        let long = { (text: String) in Self.cut(text, level.text) }
        let hours = window.map { window in
            CallContext.Hours(
                open: SpeakableTime.clock24(window.lowerBound, in: zone), close: SpeakableTime.clock24(window.upperBound, in: zone),
                spoken: SpeakableTime.clock(window.lowerBound, in: zone) + " to " + SpeakableTime.clock(window.upperBound, in: zone))
        }
        let contact = caller.map { tagged, _, _ in
            let c = tagged.contact
            return CallContext.ContactSummary(
                id: c.id.api, name: line(c.name), phone: c.phone, email: c.email, company: c.company.map(line), status: c.status.rawValue,
                tags: Array(tagged.tags.prefix(level.tags)).map(line), notes: c.notes.map(long))
        }
        return CallContext(
            business_id: organization.id.api, business_name: line(organization.name), timezone: organization.timezone,
            now: .init(utc: now, local: SpeakableTime.local(now, in: zone), spoken: SpeakableTime.spoken(now, in: zone)),
            open_now: openNow, today_hours: hours, next_opening: nextOpening.map { SpeakableTime($0, in: zone) },
            appointment_types: types.prefix(level.types).map { .init(id: $0.id.api, name: line($0.name), duration_minutes: $0.durationMinutes) },
            coordinator: coordinator.map {
                .init(name: line($0.displayName), persona: persona.map { line($0.name) }, tone: persona.map { line($0.tone) },
                      greeting: ($0.customGreeting ?? persona?.exampleGreeting).map(long))
            },
            faqs: faqs.prefix(level.faqs).map { .init(question: line($0.question), answer: long($0.answer)) },
            next_free_slots: slots.map { SpeakableTime($0.lowerBound, in: zone) },
            contact: contact,
            upcoming_appointments: (caller?.1 ?? []).map { appointment in
                SpokenAppointment(
                    appointment, contact: caller?.0.contact, typeName: appointment.appointmentTypeId.flatMap { typeNames[$0] }, in: zone,
                    cut: line)
            },
            recent_calls: (caller?.2 ?? []).map { SpokenCall($0, in: zone, cut: long) })
    }
}
