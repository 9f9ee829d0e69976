/// RFC 4180 CSV read incrementally: comma separated, fields optionally in double quotes
/// (`""` is a quote inside one), CRLF or LF line ends. Bytes go in as they arrive (`feed`),
/// whole records come out with their 1-based line numbers, so a file is read in bounded
/// memory: one record at a time, each at most `maxRecordBytes` (a longer one is reported as
/// `oversized` with its fields dropped). The delimiters are ASCII, so UTF-8 is split safely.
struct CSVParser {
    struct Record: Sendable {
        let line: Int
        let fields: [String]
        /// Longer than `maxRecordBytes`: its fields were not kept.
        var oversized = false
    }

    let maxRecordBytes: Int
    private var fields: [String] = []
    private var field: [UInt8] = []
    private var recordBytes = 0
    private var oversized = false
    private var quoted = false
    /// The previous byte closed a quoted part (`"` that may start a `""` escape).
    private var quoteClosed = false
    private var pendingCR = false
    private var inRecord = false
    private var line = 1
    private var recordLine = 1

    init(maxRecordBytes: Int = 64 * 1024) {
        self.maxRecordBytes = maxRecordBytes
    }

    /// Parses `bytes` and returns the records they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [Record] {
        var records: [Record] = []
        for byte in bytes {
            if let record = consume(byte) { records.append(record) }
        }
        return records
    }

    /// The last record when the input does not end with a line break.
    mutating func finish() -> Record? {
        guard inRecord else { return nil }
        return endRecord()
    }

    /// Every record of a whole text.
    static func records(in text: String) -> [Record] {
        var parser = CSVParser()
        var records = parser.feed(text.utf8)
        if let last = parser.finish() { records.append(last) }
        return records
    }

    private mutating func consume(_ byte: UInt8) -> Record? {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
        if pendingCR {
            pendingCR = false
            if byte == newline { return nil }  // the LF of a CRLF
        }
        if quoted {
            if byte == quote {
                quoted = false
                quoteClosed = true
            } else {
                if byte == newline { line += 1 }
                append(byte)
            }
            return nil
        }
        if quoteClosed {
            quoteClosed = false
            if byte == quote {  // `""` inside a quoted field
                append(quote)
                quoted = true
                return nil
            }
        }
        switch byte {
        case newline, carriage:
            if byte == carriage { pendingCR = true }
            line += 1
            guard inRecord else {
                recordLine = line
                return nil  // blank lines between records
            }
            return endRecord()
        case comma:
            startRecordIfNeeded()
            fields.append(oversized ? "" : String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        case quote where field.isEmpty:
            startRecordIfNeeded()
            quoted = true
        default:
            startRecordIfNeeded()
            append(byte)
        }
        return nil
    }

    private mutating func startRecordIfNeeded() {
        if !inRecord {
            inRecord = true
            recordLine = line
        }
    }

    private mutating func append(_ byte: UInt8) {
        startRecordIfNeeded()
        recordBytes += 1
        if recordBytes > maxRecordBytes {
            oversized = true
            field.removeAll()
            return
        }
        if !oversized { field.append(byte) }
    }

    private mutating func endRecord() -> Record {
        fields.append(oversized ? "" : String(decoding: field, as: UTF8.self))
        let record = Record(line: recordLine, fields: oversized ? [] : fields, oversized: oversized)
        fields = []
        field.removeAll(keepingCapacity: true)
        recordBytes = 0
        oversized = false
        inRecord = false
        quoted = false
        quoteClosed = false
        recordLine = line
        return record
    }
}
