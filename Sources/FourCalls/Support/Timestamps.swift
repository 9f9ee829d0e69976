import Foundation

/// RFC 3339 parsing (inputs may carry any offset and fractional seconds).
enum Timestamps {
    static func parse(_ text: String) -> Date? {
        guard hasFieldsInRange(text) else { return nil }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` with a date on the calendar in the years
    /// `LocalDay` takes and a time of day that exists. Foundation's parser rolls
    /// `2026-02-30` over to March 2 and `24:00` to the next day; this refuses them.
    static func hasFieldsInRange(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, LocalDay(String(decoding: bytes[0..<10], as: UTF8.self)) != nil,
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let hour = twoDigits(bytes, 11), bytes[13] == UInt8(ascii: ":"), let minute = twoDigits(bytes, 14),
            bytes[16] == UInt8(ascii: ":"), let second = twoDigits(bytes, 17),
            hour < 24, minute < 60, second < 60
        else { return false }
        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let digitsStart = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > digitsStart else { return false }
        }
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            return index + 1 == bytes.count
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, let offsetHours = twoDigits(bytes, index + 1), bytes[index + 3] == UInt8(ascii: ":"),
                let offsetMinutes = twoDigits(bytes, index + 4)
            else { return false }
            return offsetHours < 24 && offsetMinutes < 60
        default:
            return false
        }
    }

    private static func twoDigits(_ bytes: [UInt8], _ index: Int) -> Int? {
        guard index + 1 < bytes.count else { return nil }
        let zero = UInt8(ascii: "0")
        let (tens, ones) = (bytes[index], bytes[index + 1])
        guard (zero...zero + 9).contains(tens), (zero...zero + 9).contains(ones) else { return nil }
        return Int(tens - zero) * 10 + Int(ones - zero)
    }

    /// `2026-01-20T10:00:00.123Z`, for log lines.
    static func formatMilliseconds(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
