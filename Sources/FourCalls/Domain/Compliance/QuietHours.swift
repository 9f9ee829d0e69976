import Foundation

/// Quiet hours (CONTRACT section 12): automated calls start only at 08:00 ≤ t < 21:00 in
/// the called person's zone, whatever a campaign's window says, unless the organization
/// opts out.
extension CallingWindow {
    static let quietHours = CallingWindow.standard

    /// The hours both windows allow, on the days both allow; nil when they share none.
    func intersected(with other: CallingWindow) -> CallingWindow? {
        let start = max(start, other.start)
        let end = min(end, other.end)
        let days = days.intersection(other.days)
        guard start < end, !days.isEmpty else { return nil }
        return CallingWindow(start: start, end: end, days: days)
    }

    /// When a campaign with this window may call for an organization: within quiet hours
    /// unless it allows calls outside them; nil when never.
    func effective(for organization: Organization) -> CallingWindow? {
        organization.allowCallsOutsideQuietHours ? self : intersected(with: .quietHours)
    }

    /// The first instant at or after `instant` inside the window in `timeZone` (a week's
    /// days are looked at, each day's own start and end read on that day, so days with a
    /// daylight-saving change open at their local hour); nil when it never opens.
    func nextOpening(atOrAfter instant: Date, in timeZone: TimeZone) -> Date? {
        let calendar = LocalDay.calendar(timeZone)
        let today = calendar.startOfDay(for: instant)
        for offset in 0...7 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: today),
                days.contains(Weekday.of(day, in: calendar)),
                let opens = Self.instant(start, on: day, calendar: calendar),
                let closes = Self.instant(end, on: day, calendar: calendar)
            else { continue }
            if closes > instant { return max(opens, instant) }
        }
        return nil
    }

    /// `time` on the local day starting at `day` (`24:00` is the next day's start).
    private static func instant(_ time: LocalTime, on day: Date, calendar: Calendar) -> Date? {
        if time.minutes == 24 * 60 { return calendar.date(byAdding: .day, value: 1, to: day) }
        return calendar.date(bySettingHour: time.minutes / 60, minute: time.minutes % 60, second: 0, of: day)
    }
}
