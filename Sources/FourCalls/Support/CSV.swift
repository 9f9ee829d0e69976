/// RFC 4180 CSV: comma separated, fields optionally in double quotes (`""` is a quote inside
/// one), CRLF or LF line ends. Yields each record with its 1-based line number.
struct CSVReader: Sequence {
    let text: String

    func makeIterator() -> Iterator { Iterator(scalars: Array(text.unicodeScalars)) }

    struct Iterator: IteratorProtocol {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        mutating func next() -> (line: Int, fields: [String])? {
            // Skip blank lines between records.
            while index < scalars.count, scalars[index] == "\n" || scalars[index] == "\r" {
                if scalars[index] == "\n" { line += 1 }
                index += 1
            }
            guard index < scalars.count else { return nil }
            let startLine = line
            var fields: [String] = []
            var field = String.UnicodeScalarView()
            var quoted = false
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                if quoted {
                    if scalar == "\"" {
                        if index < scalars.count, scalars[index] == "\"" {
                            field.append("\"")
                            index += 1
                        } else {
                            quoted = false
                        }
                    } else {
                        if scalar == "\n" { line += 1 }
                        field.append(scalar)
                    }
                } else if scalar == "\"", field.isEmpty {
                    quoted = true
                } else if scalar == "," {
                    fields.append(String(field))
                    field = String.UnicodeScalarView()
                } else if scalar == "\n" || scalar == "\r" {
                    if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
                    line += 1
                    break
                } else {
                    field.append(scalar)
                }
            }
            fields.append(String(field))
            return (startLine, fields)
        }
    }
}
