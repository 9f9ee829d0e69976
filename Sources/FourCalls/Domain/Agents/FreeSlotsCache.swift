import Foundation
import NIOConcurrencyHelpers

/// The call-start packet's next free slots, computed once per calendar version: a fully
/// booked fortnight is hundreds of busy intervals to read and check, and every call start
/// asks. An entry holds while the organization's `ScheduleVersion` and the settings slots
/// depend on (hours, time zone, capacity) are the same, the local day is the one it was
/// computed on (the search horizon), and its first slot is still ahead.
final class FreeSlotsCache: Sendable {
    struct Key: Hashable, Sendable {
        let organizationID: UUID
        let durationMinutes: Int
    }

    private struct Entry: Sendable {
        let version: Int
        let settings: Settings
        let day: LocalDay
        let slots: [Range<Date>]
    }

    private struct Settings: Equatable, Sendable {
        let hours: String
        let timezone: String
        let capacity: Int

        init(_ organization: Organization) {
            hours = organization.businessHours
            timezone = organization.timezone
            capacity = organization.bookingCapacity
        }
    }

    private let entries = NIOLockedValueBox([Key: Entry]())
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func slots(_ key: Key, version: Int, organization: Organization, now: Date, compute: () async throws -> [Range<Date>]) async throws
        -> [Range<Date>]
    {
        let day = LocalDay(containing: now, in: organization.timeZone)
        if let entry = entries.withLockedValue({ $0[key] }), entry.version == version, entry.settings == Settings(organization),
            entry.day == day, entry.slots.first.map({ $0.lowerBound > now }) ?? true
        {
            return entry.slots
        }
        let slots = try await compute()
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = Entry(version: version, settings: Settings(organization), day: day, slots: slots)
        }
        return slots
    }
}
