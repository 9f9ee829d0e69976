import Foundation
import Testing
@testable import FourCalls

@Suite("Availability calculator")
struct AvailabilityCalculatorTests {
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let allDay = BusinessHours(days: Dictionary(uniqueKeysWithValues: Weekday.allCases.map {
        ($0, DayHours(start: LocalTime("00:00")!, end: LocalTime("24:00")!))
    }))

    func calculator(_ hours: BusinessHours = .standard, zone: TimeZone = newYork, duration: Int = 30, busy: [Range<Date>] = [],
                    capacity: Int = 1, before: Int = 0, after: Int = 0) -> AvailabilityCalculator {
        AvailabilityCalculator(
            timeZone: zone, hours: hours, durationMinutes: duration, bufferBeforeMinutes: before, bufferAfterMinutes: after,
            busy: busy, capacity: capacity, earliestStart: Date(timeIntervalSince1970: 0))
    }

    static func at(_ text: String) -> Date { Timestamps.parse(text)! }

    @Test func normalWeekdayHasSixteenHalfHourSlots() {
        let slots = calculator().slots(on: LocalDay("2027-03-10")!)
        #expect(slots.count == 16)
        #expect(slots.first?.lowerBound == Self.at("2027-03-10T14:00:00Z"))  // 09:00 EST
        #expect(slots.last?.upperBound == Self.at("2027-03-10T22:00:00Z"))  // 17:00 EST
    }

    @Test(arguments: [("2027-03-14", 46), ("2027-11-07", 50), ("2027-03-15", 48)])
    func daylightSavingDaysHaveTheirRealLength(day: String, count: Int) {
        let slots = calculator(Self.allDay).slots(on: LocalDay(day)!)
        #expect(slots.count == count)
        // Slots follow each other in real time, with no gap and no overlap.
        for (a, b) in zip(slots, slots.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
    }

    @Test func springForwardSkipsTheMissingHour() {
        let slots = calculator(Self.allDay).slots(on: LocalDay("2027-03-14")!)
        let labels = slots.map { slot -> String in
            let parts = LocalDay.calendar(Self.newYork).dateComponents([.hour, .minute], from: slot.lowerBound)
            return String(format: "%02d:%02d", parts.hour!, parts.minute!)
        }
        #expect(labels.prefix(6) == ["00:00", "00:30", "01:00", "01:30", "03:00", "03:30"])
        #expect(!labels.contains("02:00") && !labels.contains("02:30"))
        #expect(slots.first?.lowerBound == Self.at("2027-03-14T05:00:00Z"))
        #expect(slots.last?.upperBound == Self.at("2027-03-15T04:00:00Z"))
    }

    @Test func fallBackRepeatsTheHourInRealTime() {
        let slots = calculator(Self.allDay).slots(on: LocalDay("2027-11-07")!)
        #expect(slots.first?.lowerBound == Self.at("2027-11-07T04:00:00Z"))
        #expect(slots.last?.upperBound == Self.at("2027-11-08T05:00:00Z"))
        #expect(slots.contains { $0.lowerBound == Self.at("2027-11-07T05:00:00Z") })  // 01:00 EDT
        #expect(slots.contains { $0.lowerBound == Self.at("2027-11-07T06:00:00Z") })  // 01:00 EST
    }

    @Test func businessHoursOnDaylightSavingDaysStayWallClock() {
        let spring = calculator().slots(on: LocalDay("2027-03-15")!)
        #expect(spring.first?.lowerBound == Self.at("2027-03-15T13:00:00Z"))  // 09:00 EDT
        #expect(calculator().slots(on: LocalDay("2027-03-14")!).isEmpty)  // a Sunday: closed
    }

    @Test func busyTimeAndBuffersAreAvoided() {
        let booked = Self.at("2027-03-10T15:00:00Z")..<Self.at("2027-03-10T15:45:00Z")  // 10:00–10:45 with its buffer
        let slots = calculator(busy: [booked], after: 15).slots(on: LocalDay("2027-03-10")!)
        let starts = Set(slots.map(\.lowerBound))
        #expect(!starts.contains(Self.at("2027-03-10T14:30:00Z")))  // 09:30 + 30 + 15 buffer reaches 10:15
        #expect(!starts.contains(Self.at("2027-03-10T15:00:00Z")))
        #expect(!starts.contains(Self.at("2027-03-10T15:30:00Z")))
        #expect(starts.contains(Self.at("2027-03-10T14:00:00Z")))  // 09:00–09:30, buffer to 09:45
        #expect(starts.contains(Self.at("2027-03-10T16:00:00Z")))
        #expect(slots.count == 13)
        let shared = calculator(busy: [booked], capacity: 2, after: 15).slots(on: LocalDay("2027-03-10")!)
        #expect(shared.count == 16)
    }

    @Test func pastSlotsAndMidnightEdges() {
        var calculator = calculator(Self.allDay, zone: TimeZone(identifier: "Pacific/Kiritimati")!)  // UTC+14, across the date line
        calculator.earliestStart = Self.at("2027-01-01T00:10:00Z")  // 14:10 local on Jan 1
        let slots = calculator.slots(on: LocalDay("2027-01-01")!)
        #expect(slots.first?.lowerBound == Self.at("2027-01-01T00:30:00Z"))  // 14:30 local
        #expect(slots.last?.upperBound == Self.at("2027-01-01T10:00:00Z"))  // midnight local
        #expect(slots.count == 19)
        let honolulu = self.calculator(Self.allDay, zone: TimeZone(identifier: "Pacific/Honolulu")!).slots(on: LocalDay("2027-01-01")!)
        #expect(honolulu.first?.lowerBound == Self.at("2027-01-01T10:00:00Z"))
        #expect(honolulu.count == 48)
    }

    @Test func withinHoursChecksTheWholeSlot() {
        let calc = calculator()
        #expect(calc.isWithinHours(Self.at("2027-03-10T21:30:00Z")..<Self.at("2027-03-10T22:00:00Z")))
        #expect(!calc.isWithinHours(Self.at("2027-03-10T21:45:00Z")..<Self.at("2027-03-10T22:15:00Z")))
        #expect(!calc.isWithinHours(Self.at("2027-03-13T15:00:00Z")..<Self.at("2027-03-13T15:30:00Z")))  // Saturday
    }
}
