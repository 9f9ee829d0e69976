import Foundation
import Hummingbird

/// A `multipart/form-data` body as a browser sends a form with a file: its text fields and
/// its files, read whole (up to `maxBytes`). Enough for the console's one upload form; the
/// API takes CSV as the request body instead.
struct ConsoleMultipart {
    var fields: [String: String] = [:]
    var files: [String: Data] = [:]

    static let notMultipart = APIError.badRequest("Send the form as multipart/form-data.")

    static func read(_ request: Request, maxBytes: Int) async throws -> ConsoleMultipart {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = contentType.split(separator: ";").lazy
                .map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })
                .map({ String($0.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }),
            !boundary.isEmpty
        else { throw notMultipart }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes { throw APIError.payloadTooLarge }
        let buffer = try await request.body.collect(upTo: maxBytes)
        return try parse(Data(buffer: buffer), boundary: boundary)
    }

    /// Splits on `--boundary`; each part is headers, a blank line, then its content up to the
    /// line break before the next delimiter.
    static func parse(_ body: Data, boundary: String) throws -> ConsoleMultipart {
        let delimiter = Data("--\(boundary)".utf8)
        let blankLine = Data("\r\n\r\n".utf8)
        var result = ConsoleMultipart()
        guard var cursor = body.range(of: delimiter)?.upperBound else { throw notMultipart }
        while let next = body.range(of: delimiter, in: cursor..<body.endIndex) {
            let part = body[cursor..<next.lowerBound]
            cursor = next.upperBound
            guard let split = part.range(of: blankLine) else { continue }
            let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            var content = part[split.upperBound..<part.endIndex]
            if content.suffix(2) == Data("\r\n".utf8) { content = content.dropLast(2) }
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                let name = parameter("name", in: disposition)
            else { continue }
            if parameter("filename", in: disposition) != nil {
                result.files[name] = Data(content)
            } else {
                result.fields[name] = String(decoding: content, as: UTF8.self)
            }
        }
        return result
    }

    /// `name="value"` of a `Content-Disposition` header.
    private static func parameter(_ key: String, in header: Substring) -> String? {
        for piece in header.split(separator: ";") {
            let pair = piece.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix(key + "=") else { continue }
            return String(pair.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
