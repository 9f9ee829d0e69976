import Foundation
import Testing
@testable import FourCalls

/// `JSONWriter` must write exactly what `JSONCoding.encoder` writes for the same values: the
/// contact responses it writes are compared byte for byte with the encoder's output.
@Suite("Hand-written JSON")
struct JSONWriterTests {
    /// Deterministic randomness (SplitMix64), so that a failure repeats.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet: [Character] = {
        var characters = (0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) }
        characters += ["é", "ß", "☎", "😀", "\u{2028}", "\u{2029}", "\u{FEFF}", "e\u{301}", "\r\n", "中", "/", "\\", "\""]
        return characters
    }()

    static func randomString(_ random: inout Seeded, maxLength: Int = 24) -> String {
        String((0..<Int.random(in: 0...maxLength, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? "a" })
    }

    func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
    }

    func written(_ write: (inout JSONWriter) throws -> Void) rethrows -> String {
        var json = JSONWriter()
        try write(&json)
        return String(buffer: json.buffer)
    }

    @Test
    func stringsAreEscapedAsTheEncoderEscapesThem() throws {
        let every = String(Self.alphabet)
        #expect(try written { $0.write(every) } == encoded(every))
        var random = Seeded(state: 1)
        for _ in 0..<2_000 {
            let text = Self.randomString(&random)
            #expect(try written { $0.write(text) } == encoded(text), "\(Array(text.utf8))")
        }
    }

    @Test
    func datesAreWholeSecondsInUTC() throws {
        var dates: [Double] = [0, 0.4, 0.5, 0.999_9, 1.5, -0.5, -1.5, -86_400, -86_400.5, 951_782_400, 951_868_799.9, 4_107_542_399]
        // Years 1 to 20,000: the ones outside four digits and the Gregorian calendar take
        // the encoder's path.
        var random = Seeded(state: 2)
        for _ in 0..<5_000 { dates.append(Double.random(in: -62_135_596_800...568_971_820_800, using: &random)) }
        for _ in 0..<5_000 { dates.append(Double.random(in: 1_700_000_000...1_900_000_000, using: &random)) }
        for seconds in dates {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(try written { try $0.write(date) } == encoded(date), "\(seconds)")
        }
        // A hair under a whole second since 2001 (what `Date` holds, and a clock can give):
        // converted to seconds since 1970 it can round up to the whole second.
        for _ in 0..<20_000 {
            let whole = Double(Int.random(in: 700_000_000...900_000_000, using: &random))
            let date = Date(timeIntervalSinceReferenceDate: Bool.random(using: &random) ? whole.nextDown : whole - 1e-7)
            #expect(try written { try $0.write(date) } == encoded(date), "\(date.timeIntervalSinceReferenceDate)")
        }
        // Values no clock gives, as a damaged row could hold: as the encoder writes them (or fails).
        for seconds in [Double.nan, .infinity, -.infinity, 1e19, -1e19, 1e13, .greatestFiniteMagnitude] {
            let date = Date(timeIntervalSinceReferenceDate: seconds)
            #expect((try? written { try $0.write(date) }) == (try? encoded(date)), "\(seconds)")
        }
    }

    static func randomJSON(_ random: inout Seeded, depth: Int = 0) -> JSONValue {
        switch Int.random(in: depth > 2 ? 0...4 : 0...6, using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .int(Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &random))
        case 3: return .double(Double.random(in: -1e6...1e6, using: &random))
        case 4: return .string(randomString(&random, maxLength: 8))
        case 5: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in randomJSON(&random, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                members[randomString(&random, maxLength: 6)] = randomJSON(&random, depth: depth + 1)
            }
            return .object(members)
        }
    }

    static func randomContact(_ random: inout Seeded) -> ContactResponse {
        func optional(_ maxLength: Int) -> String? {
            Bool.random(using: &random) ? randomString(&random, maxLength: maxLength) : nil
        }
        var metadata: [String: JSONValue] = [:]
        if Bool.random(using: &random) {
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                metadata[randomString(&random, maxLength: 6)] = randomJSON(&random)
            }
        }
        let contact = Contact(
            id: UUID(), organizationId: UUID(), name: randomString(&random), nameSearch: "",
            email: optional(20), emailNormalized: nil, phone: optional(12), company: optional(20),
            timezone: optional(20), status: ContactStatus.allCases.randomElement(using: &random) ?? .active,
            notes: optional(60), metadata: JSONValue.object(metadata).jsonText(), source: nil, sourceId: nil,
            createdAt: Date(timeIntervalSince1970: Double.random(in: 0...4_000_000_000, using: &random)),
            updatedAt: Date(timeIntervalSince1970: Double.random(in: 0...4_000_000_000, using: &random)))
        let tags = (0..<Int.random(in: 0...3, using: &random)).map { _ in randomString(&random, maxLength: 10) }
        return ContactResponse(TaggedContact(contact: contact, tags: tags))
    }

    static func randomCallContext(_ random: inout Seeded) -> CallContext {
        func optional(_ maxLength: Int) -> String? {
            Bool.random(using: &random) ? randomString(&random, maxLength: maxLength) : nil
        }
        func date() -> Date { Date(timeIntervalSince1970: Double.random(in: 0...4_000_000_000, using: &random)) }
        func some<T>(_ make: () -> T) -> [T] { (0..<Int.random(in: 0...3, using: &random)).map { _ in make() } }
        let zone = TimeZone(identifier: ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"].randomElement(using: &random) ?? "UTC") ?? .gmt
        func appointment() -> SpokenAppointment {
            let start = date()
            let value = Appointment(
                id: UUID(), organizationId: UUID(), contactId: UUID(), appointmentTypeId: Bool.random(using: &random) ? UUID() : nil,
                coordinatorId: Bool.random(using: &random) ? UUID() : nil, scheduledAt: start, endsAt: start.addingTimeInterval(1800),
                durationMinutes: 30, busyFrom: start, busyUntil: start, status: AppointmentStatus.allCases.randomElement(using: &random) ?? .scheduled,
                notes: optional(40), cancellationReason: optional(20), metadata: "{}", createdAt: start, updatedAt: start)
            return SpokenAppointment(value, contact: nil, typeName: optional(20), in: zone)
        }
        func call() -> SpokenCall {
            let value = Call(
                id: UUID(), organizationId: UUID(), coordinatorId: nil, contactId: nil, direction: CallDirection.allCases.randomElement(using: &random) ?? .inbound,
                status: CallStatus.allCases.randomElement(using: &random) ?? .completed, fromNumber: nil, toNumber: nil, startedAt: date(),
                durationSeconds: Int.random(in: 0...9_999, using: &random), transcript: nil, summary: optional(60), outcome: optional(20), recordingUrl: nil,
                metadata: "{}", createdAt: date())
            return SpokenCall(value, in: zone)
        }
        return CallContext(
            business_id: UUID().api, business_name: randomString(&random), timezone: zone.identifier,
            now: .init(utc: date(), local: randomString(&random), spoken: randomString(&random)), open_now: Bool.random(using: &random),
            today_hours: Bool.random(using: &random) ? .init(open: randomString(&random), close: randomString(&random), spoken: randomString(&random)) : nil,
            next_opening: Bool.random(using: &random) ? SpeakableTime(date(), in: zone) : nil,
            appointment_types: some { .init(id: UUID().api, name: randomString(&random), duration_minutes: Int.random(in: 5...1440, using: &random)) },
            coordinator: Bool.random(using: &random)
                ? .init(name: randomString(&random), persona: optional(20), tone: optional(20), greeting: optional(60)) : nil,
            faqs: some { .init(question: randomString(&random), answer: randomString(&random, maxLength: 80)) },
            next_free_slots: some { SpeakableTime(date(), in: zone) },
            contact: Bool.random(using: &random)
                ? .init(id: UUID().api, name: randomString(&random), phone: optional(12), email: optional(20), company: optional(20),
                        status: randomString(&random, maxLength: 8), tags: some { randomString(&random, maxLength: 8) }, notes: optional(60)) : nil,
            upcoming_appointments: some(appointment), recent_calls: some(call))
    }

    @Test
    func callStartPacketsAreWrittenAsTheEncoderWritesThem() throws {
        var random = Seeded(state: 11)
        for _ in 0..<300 {
            let packet = Self.randomCallContext(&random)
            #expect(String(decoding: try packet.json(), as: UTF8.self) == (try encoded(packet)))
        }
    }

    @Test
    func contactsAndTheirPagesAreWrittenAsTheEncoderWritesThem() throws {
        var random = Seeded(state: 3)
        for _ in 0..<500 {
            let contact = Self.randomContact(&random)
            #expect(try written { try contact.write(to: &$0) } == encoded(contact))
        }
        for count in [0, 1, 2, 25] {
            let contacts = (0..<count).map { _ in Self.randomContact(&random) }
            let page = PageResponse(Paged(items: contacts, page: PageRequest(page: 2, perPage: 25), total: 26 + count)) { $0 }
            let json = try #require(try page.written())
            #expect(String(buffer: json.buffer) == (try encoded(page)))
        }
    }

    @Test
    func pagesOfOtherItemsAreLeftToTheEncoder() throws {
        let page = PageResponse(Paged(items: ["a"], page: PageRequest(), total: 1)) { $0 }
        #expect(try page.written() == nil)
    }
}
