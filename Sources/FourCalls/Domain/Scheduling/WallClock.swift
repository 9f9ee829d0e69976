import Foundation

/// What a local clock and calendar show at an instant in a time zone: the zone's offset at
/// that instant applied to the proleptic Gregorian calendar (`JSONWriter.civilDate`). One
/// offset lookup, where `Calendar` components and an ISO 8601 format style each make a
/// calendar and look the zone up again: a list of slots reads several per slot. What
/// Foundation reads its own way (offsets of odd seconds, years outside 1583–9999) is read
/// through `Calendar`, and its ISO 8601 text left to Foundation. Whole seconds, cut as
/// Foundation cuts them.
struct WallClock {
    let year: Int
    let month: Int
    let day: Int
    let hour: Int
    let minute: Int
    let second: Int
    /// 1 for Sunday through 7 for Saturday, as `Calendar` counts.
    let weekday: Int
    /// Seconds east of UTC.
    let offset: Int
    /// Whether the fields come from the civil calendar (else from `Calendar`).
    private let civil: Bool

    init(_ instant: Date, in timeZone: TimeZone) {
        let offset = timeZone.secondsFromGMT(for: instant)
        let sinceReference = instant.timeIntervalSinceReferenceDate
        if sinceReference.isFinite, abs(sinceReference) < 1e11, offset % 60 == 0 {
            let local = Int(sinceReference.rounded(.down)) + 978_307_200 + offset
            let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
            let (year, month, day) = JSONWriter.civilDate(daysSince1970: days)
            if (1583...9999).contains(year) {
                let time = local - days * 86_400
                // 1970-01-01 was a Thursday.
                self.init(
                    year: year, month: month, day: day, hour: time / 3600, minute: time / 60 % 60, second: time % 60,
                    weekday: ((days % 7 + 7 + 4) % 7) + 1, offset: offset, civil: true)
                return
            }
        }
        let parts = LocalDay.calendar(timeZone).dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: instant)
        self.init(
            year: parts.year ?? 1, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0, minute: parts.minute ?? 0,
            second: parts.second ?? 0, weekday: parts.weekday ?? 1, offset: offset, civil: false)
    }

    private init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int, offset: Int, civil: Bool) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        (self.weekday, self.offset, self.civil) = (weekday, offset, civil)
    }

    /// `2027-03-16T14:30:00-04:00` (`Z` for UTC), as `Date.ISO8601FormatStyle` writes it;
    /// nil for a reading through `Calendar`, whose text is Foundation's to write.
    var iso8601: String? {
        guard civil else { return nil }
        var text = [UInt8]()
        text.reserveCapacity(25)
        Self.append(year, digits: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        Self.append(month, digits: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        Self.append(day, digits: 2, to: &text)
        text.append(UInt8(ascii: "T"))
        Self.append(hour, digits: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        Self.append(minute, digits: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        Self.append(second, digits: 2, to: &text)
        if offset == 0 {
            text.append(UInt8(ascii: "Z"))
        } else {
            text.append(UInt8(ascii: offset < 0 ? "-" : "+"))
            Self.append(abs(offset) / 3600, digits: 2, to: &text)
            text.append(UInt8(ascii: ":"))
            Self.append(abs(offset) / 60 % 60, digits: 2, to: &text)
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func append(_ value: Int, digits: Int, to text: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 {
            text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}
