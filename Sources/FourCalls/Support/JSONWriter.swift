import Foundation
import Hummingbird

/// JSON text written by hand, byte for byte what `JSONCoding.encoder` writes for the same
/// value: strings escaped as Foundation escapes them (`"`, `\`, control characters; `/` and
/// non-ASCII left as they are), dates as RFC 3339 whole seconds in UTC (fractions cut, not
/// rounded). For the few responses read often enough that encoding through `Encodable`
/// showed in profiles (a contact: a tenth of the CPU of reading one); the writers' tests
/// compare every byte with the encoder's output. Keys are the caller's to write, in the
/// encoder's sorted order.
struct JSONWriter {
    private(set) var buffer: ByteBuffer

    init(capacity: Int = 512) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Punctuation and keys, written as they are: `{"id":`, `,"name":`, `}`.
    mutating func raw(_ text: StaticString) {
        buffer.writeStaticString(text)
    }

    mutating func write(_ string: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        func plain(_ byte: UInt8) -> Bool { byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") }
        // A native string's bytes are checked and copied in place; any other is written byte
        // by byte (`writeEscaped` passes plain bytes through).
        let copied = string.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.allSatisfy(plain) else { return false }
            buffer.writeBytes(UnsafeRawBufferPointer(bytes))
            return true
        }
        if copied != true {
            for byte in string.utf8 { writeEscaped(byte) }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    private mutating func writeEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
        case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
        case 0x08: buffer.writeStaticString("\\b")
        case 0x09: buffer.writeStaticString("\\t")
        case 0x0A: buffer.writeStaticString("\\n")
        case 0x0C: buffer.writeStaticString("\\f")
        case 0x0D: buffer.writeStaticString("\\r")
        case ..<0x20:
            buffer.writeStaticString("\\u00")
            buffer.writeInteger(Self.hexDigit(byte >> 4))
            buffer.writeInteger(Self.hexDigit(byte & 0x0F))
        default: buffer.writeInteger(byte)
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// JSON encoded already (a tool's result), copied as it is.
    mutating func rawJSON(_ json: Data) {
        buffer.writeBytes(json)
    }

    mutating func write(_ string: String?) {
        if let string { write(string) } else { raw("null") }
    }

    mutating func write(_ number: Int) {
        buffer.writeString(String(number))
    }

    /// A value that writes itself (`JSONWritable`), or `null`.
    mutating func write(_ value: (some JSONWritable)?) throws {
        if let value { try value.write(to: &self) } else { raw("null") }
    }

    /// An array of values that write themselves.
    mutating func write(_ values: [some JSONWritable]) throws {
        raw("[")
        for (index, value) in values.enumerated() {
            if index > 0 { raw(",") }
            try value.write(to: &self)
        }
        raw("]")
    }

    mutating func write(_ strings: [String]) {
        raw("[")
        for (index, string) in strings.enumerated() {
            if index > 0 { raw(",") }
            write(string)
        }
        raw("]")
    }

    /// `2026-01-20T10:00:00Z`: the whole seconds since 2001, as Foundation counts them (a
    /// date a hair under a whole second since 1970 can round up to it when converted).
    /// Years outside 1583–9999 (before the Gregorian calendar, or not four digits) and
    /// impossible values go through the encoder, which writes those its own way.
    mutating func write(_ date: Date) throws {
        let sinceReference = date.timeIntervalSinceReferenceDate
        guard sinceReference.isFinite, abs(sinceReference) < 1e12 else {
            buffer.writeBytes(try JSONCoding.encoder.encode(date))
            return
        }
        let seconds = Int(sinceReference.rounded(.down)) + 978_307_200
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (year, month, day) = Self.civilDate(daysSince1970: days)
        guard (1583...9999).contains(year) else {
            buffer.writeBytes(try JSONCoding.encoder.encode(date))
            return
        }
        let time = seconds - days * 86_400
        // `"YYYY-MM-DDTHH:MM:SSZ"` laid out in place, then written at once.
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &text) { bytes in
            func digits(_ value: Int, at offset: Int, count: Int) {
                var value = value
                for position in stride(from: offset + count - 1, through: offset, by: -1) {
                    bytes[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            bytes[0] = UInt8(ascii: "\"")
            digits(year, at: 1, count: 4)
            bytes[5] = UInt8(ascii: "-")
            digits(month, at: 6, count: 2)
            bytes[8] = UInt8(ascii: "-")
            digits(day, at: 9, count: 2)
            bytes[11] = UInt8(ascii: "T")
            digits(time / 3600, at: 12, count: 2)
            bytes[14] = UInt8(ascii: ":")
            digits(time / 60 % 60, at: 15, count: 2)
            bytes[17] = UInt8(ascii: ":")
            digits(time % 60, at: 18, count: 2)
            bytes[20] = UInt8(ascii: "Z")
            bytes[21] = UInt8(ascii: "\"")
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[..<22]))
        }
    }

    /// Year, month and day of the proleptic Gregorian calendar (Howard Hinnant's
    /// `civil_from_days`).
    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Free-form JSON: the empty object (most metadata) directly, anything else through the
    /// encoder, whose text for a nested value is the same as for the value alone.
    mutating func write(_ value: JSONValue) throws {
        if case .object(let members) = value, members.isEmpty {
            raw("{}")
        } else {
            buffer.writeBytes(try JSONCoding.encoder.encode(value))
        }
    }
}

/// A value that writes its own JSON (see `JSONWriter`), and still encodes through
/// `Encodable` where it is embedded in other values (events, other responses).
protocol JSONWritable: Encodable {
    func write(to json: inout JSONWriter) throws
}

/// A `JSONWritable` returned by a route: 200 with its JSON, the headers `JSONCoding.encoder`
/// responses carry.
protocol JSONWritableResponse: JSONWritable, ResponseGenerator {}

extension JSONWritableResponse {
    func response(from request: Request, context: some RequestContext) throws -> Response {
        var json = JSONWriter()
        try write(to: &json)
        return json.response()
    }
}

extension JSONWriter {
    func response() -> Response {
        var headers = HTTPFields()
        headers.reserveCapacity(4)
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }
}
