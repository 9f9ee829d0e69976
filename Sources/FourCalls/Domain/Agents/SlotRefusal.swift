import Foundation

/// Why an agent's booking or move was refused, and what to offer instead (CONTRACT section
/// 10): a 409 `SLOT_UNAVAILABLE` whose body adds `message`, a sentence an agent can say, and
/// `alternatives`, the next free slots (up to 3) as speakable times.
enum SlotRefusal: Error, Sendable {
    case past
    case outsideHours
    case taken

    /// The `error` of the body, as the agent API has always written it.
    var summary: String {
        switch self {
        case .past: "The requested time is in the past."
        case .outsideHours: "The requested time is outside business hours."
        case .taken: "The requested time is not available: it overlaps other appointments."
        }
    }

    /// How far ahead alternatives are looked for.
    static let searchDays = 14
    static let alternativesCount = 3

    /// The error for `requested`, with up to 3 `alternatives` (free slots after it).
    func error(requested: Date, alternatives: [Range<Date>], in timeZone: TimeZone) -> APIError {
        // A day is said once: "3:00 PM" on the day just named, "Wednesday, March 17 at 9:00 AM" on another.
        var saidDay = LocalDay(containing: requested, in: timeZone)
        let offers = alternatives.map { slot in
            let day = LocalDay(containing: slot.lowerBound, in: timeZone)
            defer { saidDay = day }
            return day == saidDay ? SpeakableTime.clock(slot.lowerBound, in: timeZone) : SpeakableTime.spoken(slot.lowerBound, in: timeZone)
        }
        let time = SpeakableTime.spoken(requested, in: timeZone)
        let problem: String
        switch self {
        case .past: problem = "\(time) has already passed"
        case .outsideHours: problem = "\(time) is outside business hours"
        case .taken: problem = "\(time) is taken"
        }
        let offer: String
        switch offers.count {
        case 0: offer = "there is no free time in the next \(Self.searchDays) days"
        case 1: offer = "I have \(offers[0])"
        default: offer = "I have " + offers.dropLast().joined(separator: ", ") + " or " + (offers.last ?? "")
        }
        var error = APIError(.conflict, code: "SLOT_UNAVAILABLE", message: summary)
        error.extra["message"] = .string("\(problem); \(offer).")
        error.extra["alternatives"] = .array(
            alternatives.compactMap { try? JSONValue(encoding: SpeakableTime($0.lowerBound, in: timeZone)) })
        return error
    }
}

extension AgentOperations {
    /// What to offer instead of `requested`: the first free slots at or after it that a
    /// booking would take (starting after now), over the next `SlotRefusal.searchDays` local days.
    func alternatives(in organization: Organization, after requested: Date, durationMinutes: Int?, typeID: UUID?, coordinatorID: UUID?,
                      excluding: UUID? = nil) async throws -> [Range<Date>] {
        let now = clock.now()
        let from = max(requested, now)
        let zone = organization.timeZone
        return try await storage.read { db in
            // The first day alone (most businesses have room soon), then the rest in one query.
            let firstDay = LocalDay(containing: from, in: zone)
            var lastDay = firstDay
            for _ in 1..<SlotRefusal.searchDays { lastDay = lastDay.next }
            var found: [Range<Date>] = []
            for (start, end) in [(firstDay, firstDay), (firstDay.next, lastDay)] where found.count < SlotRefusal.alternativesCount {
                let (calculator, _) = try await calculator(
                    for: organization, day: start, through: end, durationMinutes: durationMinutes, typeID: typeID, coordinatorID: coordinatorID,
                    excluding: excluding, on: db)
                var day = start
                while day <= end, found.count < SlotRefusal.alternativesCount {
                    found += calculator.slots(on: day).filter { $0.lowerBound >= from && $0.lowerBound > now }
                        .prefix(SlotRefusal.alternativesCount - found.count)
                    day = day.next
                }
            }
            return found
        }
    }

    /// Runs a booking or move; a refusal becomes `SLOT_UNAVAILABLE` with alternatives.
    func offeringAlternatives<T: Sendable>(
        in organization: Organization, requested: Date, durationMinutes: Int?, typeID: UUID?, coordinatorID: UUID?, excluding: UUID? = nil,
        _ body: () async throws -> T
    ) async throws -> T {
        let refusal: SlotRefusal
        do {
            return try await body()
        } catch let error as SlotRefusal {
            refusal = error
        } catch let error as APIError where error.code == "SLOT_UNAVAILABLE" {
            refusal = .taken
        }
        let offers = try await alternatives(
            in: organization, after: requested, durationMinutes: durationMinutes, typeID: typeID, coordinatorID: coordinatorID,
            excluding: excluding)
        throw refusal.error(requested: requested, alternatives: offers, in: organization.timeZone)
    }
}
