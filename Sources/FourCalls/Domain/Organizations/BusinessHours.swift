import Foundation
import NIOConcurrencyHelpers

/// A day of the week, named as the API names it.
public enum Weekday: String, CaseIterable, Sendable, Codable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday
}

/// A wall-clock time of day, `HH:mm`, `00:00` to `24:00`.
public struct LocalTime: Sendable, Hashable, Comparable {
    public let minutes: Int

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let hours = Int(parts[0]), let minutes = Int(parts[1]),
            (0...24).contains(hours), (0...59).contains(minutes), hours * 60 + minutes <= 24 * 60
        else { return nil }
        self.minutes = hours * 60 + minutes
    }

    public var text: String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutes < rhs.minutes }
}

/// Opening hours of one day.
public struct DayHours: Sendable, Hashable {
    public let start: LocalTime
    public let end: LocalTime
}

/// A weekly schedule `{"monday": {"start": "09:00", "end": "17:00"}, ...}`: an absent day is
/// closed. Used for organizations' business hours and coordinators' availability.
public struct BusinessHours: Sendable, Hashable, Encodable {
    public var days: [Weekday: DayHours]

    /// Monday to Friday, 09:00 to 17:00 (CONTRACT section 4).
    public static let standard: BusinessHours = {
        let hours = DayHours(start: LocalTime("09:00")!, end: LocalTime("17:00")!)
        return BusinessHours(days: [.monday: hours, .tuesday: hours, .wednesday: hours, .thursday: hours, .friday: hours])
    }()

    public init(days: [Weekday: DayHours]) {
        self.days = days
    }

    /// Parses the API shape; returns the messages of every problem, keyed by field path
    /// under `field` (e.g. `business_hours.monday.start`).
    static func parse(_ value: JSONValue, field: String) -> Result<BusinessHours, FieldErrors> {
        var errors = FieldErrors()
        guard case .object(let object) = value else {
            errors.add(field, "The \(field.replacingOccurrences(of: "_", with: " ")) field must be an object of days.")
            return .failure(errors)
        }
        var days: [Weekday: DayHours] = [:]
        for (key, dayValue) in object {
            let path = "\(field).\(key)"
            guard let day = Weekday(rawValue: key) else {
                errors.add(path, "Unknown day '\(key)': use monday ... sunday.")
                continue
            }
            if dayValue.isNull { continue }
            guard case .object(let hours) = dayValue else {
                errors.add(path, "Each day must be an object with start and end (HH:mm).")
                continue
            }
            guard case .string(let startText)? = hours["start"], let start = LocalTime(startText) else {
                errors.add("\(path).start", "The start time must be HH:mm (24-hour).")
                continue
            }
            guard case .string(let endText)? = hours["end"], let end = LocalTime(endText) else {
                errors.add("\(path).end", "The end time must be HH:mm (24-hour).")
                continue
            }
            guard start < end else {
                errors.add("\(path).end", "The end time must be after the start time.")
                continue
            }
            days[day] = DayHours(start: start, end: end)
        }
        return errors.isEmpty ? .success(BusinessHours(days: days)) : .failure(errors)
    }

    /// Parses text stored by `jsonText()`; stored values were validated on the way in.
    /// Remembered by text: every availability request reads its business's hours, and a
    /// server holds few distinct ones.
    static func stored(_ text: String) -> BusinessHours {
        if let known = parsed.withLockedValue({ $0[text] }) { return known }
        let hours = (try? parse(JSONValue.parse(text), field: "business_hours").get()) ?? BusinessHours(days: [:])
        parsed.withLockedValue { cache in
            if cache.count >= 1_000 { cache.removeAll() }
            cache[text] = hours
        }
        return hours
    }

    private static let parsed = NIOLockedValueBox<[String: BusinessHours]>([:])

    /// Days in week order, so responses read naturally.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DayKey.self)
        for day in Weekday.allCases {
            guard let hours = days[day] else { continue }
            var nested = container.nestedContainer(keyedBy: DayKey.self, forKey: DayKey(day.rawValue))
            try nested.encode(hours.start.text, forKey: DayKey("start"))
            try nested.encode(hours.end.text, forKey: DayKey("end"))
        }
    }

    func jsonText() -> String {
        (try? String(decoding: JSONCoding.storageEncoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    private struct DayKey: CodingKey {
        let stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}

/// Validation messages keyed by field path.
public struct FieldErrors: Error, Sendable {
    public private(set) var messages: [String: [String]] = [:]
    public var isEmpty: Bool { messages.isEmpty }
    public mutating func add(_ field: String, _ message: String) { messages[field, default: []].append(message) }
}
