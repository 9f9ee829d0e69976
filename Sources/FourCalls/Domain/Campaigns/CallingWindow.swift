import Foundation

/// When a campaign may call: `{"start": "08:00", "end": "21:00", "days": ["mon", ...]}`, read
/// in each contact's own time zone (CONTRACT section 5). Default: 08:00–21:00 every day.
public struct CallingWindow: Sendable, Hashable, Encodable {
    public var start: LocalTime
    public var end: LocalTime
    public var days: Set<Weekday>

    public static let standard = CallingWindow(start: LocalTime("08:00")!, end: LocalTime("21:00")!, days: Set(Weekday.allCases))

    /// The API's day names: `mon` … `sun`.
    static func shortName(_ day: Weekday) -> String { String(day.rawValue.prefix(3)) }

    /// `mon` … `sun`, or the full names.
    static func weekday(named name: String) -> Weekday? {
        let lowered = name.lowercased()
        return Weekday.allCases.first { $0.rawValue == lowered || shortName($0) == lowered }
    }

    /// Whether `instant` falls inside the window in `timeZone`.
    public func contains(_ instant: Date, in timeZone: TimeZone) -> Bool {
        let calendar = LocalDay.calendar(timeZone)
        let parts = calendar.dateComponents([.hour, .minute], from: instant)
        let minutes = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        return days.contains(Weekday.of(instant, in: calendar)) && start.minutes <= minutes && minutes < end.minutes
    }

    /// Parses the API shape; problems are keyed under `field` (e.g. `calling_window.start`).
    static func parse(_ value: JSONValue, field: String) -> Result<CallingWindow, FieldErrors> {
        var errors = FieldErrors()
        guard case .object(let object) = value else {
            errors.add(field, "The calling window must be an object with start, end and days.")
            return .failure(errors)
        }
        var window = CallingWindow.standard
        for key in ["start", "end"] {
            guard let given = object[key], !given.isNull else { continue }
            guard case .string(let text) = given, let time = LocalTime(text) else {
                errors.add("\(field).\(key)", "The \(key) time must be HH:mm (24-hour).")
                continue
            }
            if key == "start" { window.start = time } else { window.end = time }
        }
        if errors.isEmpty, window.end <= window.start {
            errors.add("\(field).end", "The end time must be after the start time.")
        }
        if let given = object["days"], !given.isNull {
            if case .array(let names) = given, !names.isEmpty {
                var days: Set<Weekday> = []
                for (index, name) in names.enumerated() {
                    guard case .string(let text) = name, let day = weekday(named: text) else {
                        errors.add("\(field).days.\(index)", "Each day must be one of mon, tue, wed, thu, fri, sat, sun.")
                        continue
                    }
                    days.insert(day)
                }
                window.days = days
            } else {
                errors.add("\(field).days", "The days must be a non-empty array of mon, tue, wed, thu, fri, sat, sun.")
            }
        }
        return errors.isEmpty ? .success(window) : .failure(errors)
    }

    /// Parses text stored by `jsonText()`; stored values were validated on the way in.
    static func stored(_ text: String) -> CallingWindow {
        (try? parse(JSONValue.parse(text), field: "calling_window").get()) ?? .standard
    }

    private enum CodingKeys: String, CodingKey { case start, end, days }

    /// Days in week order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start.text, forKey: .start)
        try container.encode(end.text, forKey: .end)
        try container.encode(Weekday.allCases.filter(days.contains).map(Self.shortName), forKey: .days)
    }

    func jsonText() -> String {
        (try? String(decoding: JSONCoding.storageEncoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}

extension Weekday {
    /// The weekday of `instant` in the calendar's zone (Calendar numbers Sunday = 1 … Saturday = 7).
    static func of(_ instant: Date, in calendar: Calendar) -> Weekday {
        Weekday.allCases[(calendar.component(.weekday, from: instant) + 5) % 7]
    }
}
