import Foundation

/// A time as an AI voice agent needs it (CONTRACT section 10): the instant in UTC, the same
/// instant in the organization's local time with its offset, and a sentence fragment an
/// agent can say ("Tuesday, March 16 at 2:30 PM"). LLMs misread raw UTC instants, so every
/// time a tool returns comes this way.
struct SpeakableTime: Encodable, Sendable, Equatable {
    let start: Date
    let start_local: String
    let spoken: String

    init(_ instant: Date, in timeZone: TimeZone) {
        let wall = WallClock(instant, in: timeZone)
        start = instant
        start_local = Self.local(instant, wall, in: timeZone)
        spoken = Self.spoken(wall)
    }

    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// ISO 8601 with the zone's offset at that instant, e.g. `2027-03-16T14:30:00-04:00`.
    static func local(_ instant: Date, in timeZone: TimeZone) -> String {
        local(instant, WallClock(instant, in: timeZone), in: timeZone)
    }

    private static func local(_ instant: Date, _ wall: WallClock, in timeZone: TimeZone) -> String {
        wall.iso8601 ?? instant.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: timeZone))
    }

    /// "Tuesday, March 16 at 2:30 PM" in `timeZone` (English, whatever the server's locale).
    static func spoken(_ instant: Date, in timeZone: TimeZone) -> String {
        spoken(WallClock(instant, in: timeZone))
    }

    private static func spoken(_ wall: WallClock) -> String {
        "\(weekdays[(wall.weekday - 1) % 7]), \(months[(wall.month - 1) % 12]) \(wall.day) at \(clock(wall))"
    }

    /// "Tuesday, March 16": a day of the calendar, as a heading names it.
    static func dayName(_ day: LocalDay, in timeZone: TimeZone) -> String {
        // Noon: the day's weekday whatever its midnight does on a daylight-saving change.
        let noon = day.start(in: timeZone).addingTimeInterval(12 * 3600)
        let weekday = LocalDay.calendar(timeZone).component(.weekday, from: noon)
        return "\(weekdays[(weekday - 1) % 7]), \(months[(day.month - 1) % 12]) \(day.day)"
    }

    /// "2:30 PM": the wall-clock time alone, for a sentence about one day.
    static func clock(_ instant: Date, in timeZone: TimeZone) -> String {
        clock(WallClock(instant, in: timeZone))
    }

    private static func clock(_ wall: WallClock) -> String {
        let twelve = wall.hour % 12 == 0 ? 12 : wall.hour % 12
        return "\(twelve):\(wall.minute < 10 ? "0" : "")\(wall.minute) \(wall.hour < 12 ? "AM" : "PM")"
    }

    /// "14:30": the wall-clock time on a 24-hour clock, as a time field holds it (the next
    /// day's midnight reads 00:00).
    static func clock24(_ instant: Date, in timeZone: TimeZone) -> String {
        let wall = WallClock(instant, in: timeZone)
        return "\(wall.hour < 10 ? "0" : "")\(wall.hour):\(wall.minute < 10 ? "0" : "")\(wall.minute)"
    }
}

/// A `start` an agent gives (CONTRACT section 10): any ISO 8601 instant (with `Z` or an
/// offset), or a local wall-clock time without offset, read in the organization's time zone.
enum AgentTime {
    enum Problem: Error, Equatable {
        /// Not a time this reader knows.
        case unreadable
        /// A local time the daylight-saving change skips on that day (e.g. 2:30 AM when
        /// clocks go forward).
        case skipped
    }

    /// The instant `text` names; a local time that falls twice (clocks going back) is the
    /// first of the two.
    static func parse(_ text: String, in timeZone: TimeZone) -> Result<Date, Problem> {
        if Timestamps.hasFieldsInRange(text), let instant = Timestamps.parse(text) { return .success(instant) }
        // `YYYY-MM-DDTHH:MM[:SS]` (or a space for the `T`) without an offset.
        let separator = text.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " })
        guard let separator, let day = LocalDay(String(text[..<separator])) else { return .failure(.unreadable) }
        let clock = text[text.index(after: separator)...].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return .failure(.unreadable) }
        let second = clock.count == 3 ? Int(clock[2]) ?? 99 : 0
        guard (0...59).contains(second) else { return .failure(.unreadable) }
        let calendar = LocalDay.calendar(timeZone)
        let wanted = DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second)
        guard let instant = calendar.date(from: wanted) else { return .failure(.unreadable) }
        // A skipped wall-clock time comes back moved by the gap: it names no instant.
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        guard back.hour == hour, back.minute == minute, back.day == day.day else { return .failure(.skipped) }
        // Of two instants with this wall-clock time, the earlier.
        let hourEarlier = instant.addingTimeInterval(-3600)
        let earlier = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: hourEarlier)
        if earlier.hour == hour, earlier.minute == minute, earlier.day == day.day { return .success(hourEarlier) }
        return .success(instant)
    }
}
