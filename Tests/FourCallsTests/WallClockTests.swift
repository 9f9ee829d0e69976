import Foundation
import Testing
@testable import FourCalls

/// `WallClock` reads local times without `Calendar` or a format style: what it reads must be
/// what Foundation reads, in every zone, around daylight-saving changes, and with fractions
/// of seconds.
@Suite("Wall clock")
struct WallClockTests {
    /// Foundation's reading, the way `SpeakableTime` made it before `WallClock`.
    static func foundation(_ instant: Date, in zone: TimeZone) -> (local: String, spoken: String, clock: String, clock24: String) {
        let calendar = LocalDay.calendar(zone)
        let parts = calendar.dateComponents([.weekday, .month, .day, .hour, .minute], from: instant)
        let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let hour = parts.hour ?? 0, minute = parts.minute ?? 0
        let clock = "\(hour % 12 == 0 ? 12 : hour % 12):\(minute < 10 ? "0" : "")\(minute) \(hour < 12 ? "AM" : "PM")"
        let spoken = "\(weekdays[(parts.weekday ?? 1) - 1]), \(months[(parts.month ?? 1) - 1]) \(parts.day ?? 1) at \(clock)"
        return (
            instant.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: zone)), spoken, clock,
            String(format: "%02d:%02d", hour, minute)
        )
    }

    static func check(_ instant: Date, in zone: TimeZone) {
        let expected = foundation(instant, in: zone)
        #expect(SpeakableTime.local(instant, in: zone) == expected.local, "\(instant.timeIntervalSince1970) \(zone.identifier)")
        #expect(SpeakableTime.spoken(instant, in: zone) == expected.spoken, "\(instant.timeIntervalSince1970) \(zone.identifier)")
        #expect(SpeakableTime.clock(instant, in: zone) == expected.clock, "\(instant.timeIntervalSince1970) \(zone.identifier)")
        #expect(SpeakableTime.clock24(instant, in: zone) == expected.clock24, "\(instant.timeIntervalSince1970) \(zone.identifier)")
        let time = SpeakableTime(instant, in: zone)
        #expect(time.start_local == expected.local && time.spoken == expected.spoken)
    }

    @Test
    func everyZoneReadsAsFoundationReads() {
        var random = JSONWriterTests.Seeded(state: 24)
        for identifier in TimeZone.knownTimeZoneIdentifiers {
            guard let zone = TimeZone(identifier: identifier) else { continue }
            for _ in 0..<12 {
                // 1900 to 2100, with fractions of a second.
                Self.check(Date(timeIntervalSince1970: Double.random(in: -2_208_988_800...4_102_444_800, using: &random)), in: zone)
            }
            // Around its next two offset changes, minute by minute and a hair either side.
            var from = Date(timeIntervalSince1970: 1_800_000_000)
            for _ in 0..<2 {
                guard let change = zone.nextDaylightSavingTimeTransition(after: from) else { break }
                for step in -3...3 {
                    let at = change.addingTimeInterval(TimeInterval(step * 60))
                    Self.check(at, in: zone)
                    Self.check(at.addingTimeInterval(-0.000_1), in: zone)
                }
                from = change.addingTimeInterval(1)
            }
        }
    }

    @Test
    func theReadingsPartsAreTheCalendars() throws {
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        // 2027-03-14 07:30 UTC: 03:30 EDT, an hour after clocks went forward; a Sunday.
        let wall = WallClock(Date(timeIntervalSince1970: 1_805_009_400), in: zone)
        let parts: [Int] = [wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second]
        #expect(parts == [2027, 3, 14, 3, 30, 0])
        #expect(wall.weekday == 1)
        #expect(wall.offset == -4 * 3600)
        #expect(wall.iso8601 == "2027-03-14T03:30:00-04:00")
        // Years Foundation writes its own way, and offsets of odd seconds, are left to it.
        #expect(WallClock(Date(timeIntervalSince1970: -20_000_000_000), in: zone).iso8601 == nil)
        Self.check(Date(timeIntervalSince1970: -20_000_000_000), in: zone)
        let lisbon1900 = try #require(TimeZone(identifier: "Europe/Lisbon"))
        #expect(WallClock(Date(timeIntervalSince1970: -2_208_988_800), in: lisbon1900).iso8601 == nil)
        Self.check(Date(timeIntervalSince1970: -2_208_988_800), in: lisbon1900)
    }
}
