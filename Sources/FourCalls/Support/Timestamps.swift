import Foundation

/// RFC 3339 parsing (inputs may carry any offset and fractional seconds).
enum Timestamps {
    static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// `2026-01-20T10:00:00.123Z`, for log lines.
    static func formatMilliseconds(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
