import Foundation

/// Free appointment slots of one local day (pure: values in, values out).
///
/// The day's opening window comes from the weekly hours, read in the organization's time
/// zone, and is turned into real instants; slots then step through it in elapsed time. So a
/// 23-hour or 25-hour daylight-saving day gets exactly the slots that fit in it, and a slot
/// never starts at a wall-clock time that does not exist.
struct AvailabilityCalculator: Sendable {
    var timeZone: TimeZone
    var hours: BusinessHours
    var durationMinutes: Int
    var bufferBeforeMinutes = 0
    var bufferAfterMinutes = 0
    var slotIntervalMinutes = 30
    /// Busy intervals of live appointments, their buffers included.
    var busy: [Range<Date>] = []
    var capacity = 1
    /// Slots must start at or after this instant (the current time plus any notice).
    var earliestStart: Date

    /// The instants the business is open on `day`; nil when it is closed that day.
    func openWindow(on day: LocalDay) -> Range<Date>? {
        let calendar = LocalDay.calendar(timeZone)
        let dayStart = day.start(in: timeZone)
        guard let weekdayNumber = calendar.dateComponents([.weekday], from: dayStart.addingTimeInterval(12 * 3600)).weekday else {
            return nil
        }
        // Calendar weekdays: 1 is Sunday.
        let weekday = [Weekday.sunday, .monday, .tuesday, .wednesday, .thursday, .friday, .saturday][weekdayNumber - 1]
        guard let dayHours = hours.days[weekday] else { return nil }
        let open = instant(day, minutes: dayHours.start.minutes)
        let close = instant(day, minutes: dayHours.end.minutes)
        return open < close ? open..<close : nil
    }

    /// The instant of a wall-clock time on `day` (24:00 is the next day's start). A time that
    /// a daylight-saving change skips maps to the first time that exists after it.
    func instant(_ day: LocalDay, minutes: Int) -> Date {
        if minutes >= 24 * 60 { return day.next.start(in: timeZone) }
        let calendar = LocalDay.calendar(timeZone)
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60)
        return calendar.date(from: components) ?? day.start(in: timeZone)
    }

    func slots(on day: LocalDay) -> [Range<Date>] {
        guard let window = openWindow(on: day), durationMinutes > 0, slotIntervalMinutes > 0 else { return [] }
        let duration = TimeInterval(durationMinutes * 60)
        let step = TimeInterval(slotIntervalMinutes * 60)
        var slots: [Range<Date>] = []
        var start = window.lowerBound
        let index = SlotCapacity.Index(busy)
        while start.addingTimeInterval(duration) <= window.upperBound {
            let slot = start..<start.addingTimeInterval(duration)
            if slot.lowerBound >= earliestStart, index.fits(padded(slot), capacity: capacity) { slots.append(slot) }
            start = start.addingTimeInterval(step)
        }
        return slots
    }

    /// Whether `slot`, with the buffers around it, fits the capacity.
    func isFree(_ slot: Range<Date>) -> Bool {
        SlotCapacity.fits(padded(slot), among: busy, capacity: capacity)
    }

    /// `slot` widened by the buffers.
    func padded(_ slot: Range<Date>) -> Range<Date> {
        slot.lowerBound.addingTimeInterval(-TimeInterval(bufferBeforeMinutes * 60))..<slot.upperBound.addingTimeInterval(
            TimeInterval(bufferAfterMinutes * 60))
    }

    /// Whether `slot` lies inside the opening window of the day it starts on.
    func isWithinHours(_ slot: Range<Date>) -> Bool {
        let day = LocalDay(containing: slot.lowerBound, in: timeZone)
        guard let window = openWindow(on: day) else { return false }
        return window.lowerBound <= slot.lowerBound && slot.upperBound <= window.upperBound
    }
}
