import Foundation

/// A calendar date (`YYYY-MM-DD`) read in an organization's time zone.
struct LocalDay: Sendable, Hashable, Comparable {
    let year: Int
    let month: Int
    let day: Int

    /// The years a date given to the API may fall in (CONTRACT section 1): an appointment
    /// late in 9999 would end in year 10000, which RFC 3339 cannot write.
    static let years = 1900...9998

    /// Reads `YYYY-MM-DD`; nil for a date off the calendar (`2026-02-30`) or outside `years`.
    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), Self.years.contains(year)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Round-trip through the calendar to refuse 2026-02-30 and the like.
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
            calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day on which `instant` falls in `timeZone`.
    init(containing instant: Date, in timeZone: TimeZone) {
        let parts = Self.calendar(timeZone).dateComponents([.year, .month, .day], from: instant)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    var text: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// The first instant of this day in `timeZone` (midnight, or the first time that exists
    /// when a daylight-saving change skips midnight).
    func start(in timeZone: TimeZone) -> Date {
        let calendar = Self.calendar(timeZone)
        return calendar.date(from: DateComponents(year: year, month: month, day: day))
            ?? calendar.startOfDay(for: calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)) ?? Date())
    }

    var next: LocalDay { adding(days: 1) }

    /// The day `days` after this one (before it when negative), counted on the calendar alone.
    func adding(days: Int) -> LocalDay {
        let calendar = Self.calendar(.gmt)
        guard let start = calendar.date(from: DateComponents(year: year, month: month, day: day)),
            let date = calendar.date(byAdding: .day, value: days, to: start)
        else { return self }
        return LocalDay(containing: date, in: .gmt)
    }

    /// [start of this day, start of the next day) in `timeZone`: 23, 24 or 25 hours long.
    func interval(in timeZone: TimeZone) -> Range<Date> {
        start(in: timeZone)..<next.start(in: timeZone)
    }

    static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    static func < (lhs: LocalDay, rhs: LocalDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// `start_date`/`end_date` query filters: both inclusive days in the organization's zone,
/// turned into the instants [start of start_date, start of the day after end_date).
struct DateRangeFilter: Sendable {
    var from: Date?
    var until: Date?

    static func read(_ query: [String: String], timeZone: TimeZone) throws -> DateRangeFilter {
        var errors = FieldErrors()
        var filter = DateRangeFilter()
        var startDay: LocalDay?
        var endDay: LocalDay?
        if let text = query["start_date"] {
            if let day = LocalDay(text) { startDay = day } else { errors.add("start_date", "The start date must be a date as YYYY-MM-DD.") }
        }
        if let text = query["end_date"] {
            if let day = LocalDay(text) { endDay = day } else { errors.add("end_date", "The end date must be a date as YYYY-MM-DD.") }
        }
        if let startDay, let endDay, endDay < startDay {
            errors.add("end_date", "The end date must be on or after the start date.")
        }
        if !errors.isEmpty { throw APIError.validation(errors.messages) }
        filter.from = startDay?.start(in: timeZone)
        filter.until = endDay?.next.start(in: timeZone)
        return filter
    }
}
