import Foundation
import Hummingbird
import NIOCore

/// Reading request bodies and query strings the way the contract wants: JSON objects whose
/// fields are validated one by one, 400 for malformed JSON, 422 for wrong values.
enum APIBody {
    static let maxBytes = 1 << 20

    /// The body as a JSON object for `FieldReader`. An empty body reads as `{}` so that a
    /// missing body reports its required fields.
    static func fields(of request: Request, context: some RequestContext) async throws -> FieldReader {
        let value = try await context.requestDecoder.decode(JSONValue.self, from: request, context: context)
        switch value {
        case .object(let object): return FieldReader(object)
        default: throw APIError.badRequest("The request body must be a JSON object.")
        }
    }

    /// `?page=&per_page=`; out-of-range values are a 422.
    /// A CSV upload's checks before its body is read: a CSV content type (400 otherwise) and
    /// a declared length within `maxBytes` (413); the body is counted again as it streams.
    static func checkCSV(_ request: Request, maxBytes: Int) throws {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("text/csv") || contentType.hasPrefix("text/plain") || contentType.hasPrefix("application/csv") else {
            throw APIError.badRequest("Send the CSV file as the request body with Content-Type: text/csv.")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes { throw APIError.payloadTooLarge }
    }

    static func page(of request: Request) throws -> PageRequest {
        let query = request.formQuery
        var errors: [String: [String]] = [:]
        var page = 1
        var perPage = PageRequest.defaultPerPage
        if let text = query["page"] {
            if let value = Int(text), (1...PageRequest.maxPage).contains(value) { page = value } else {
                errors["page"] = ["The page must be an integer between 1 and \(PageRequest.maxPage)."]
            }
        }
        if let text = query["per_page"] {
            if let value = Int(text), (1...PageRequest.maxPerPage).contains(value) { perPage = value } else {
                errors["per_page"] = ["The per page must be an integer between 1 and \(PageRequest.maxPerPage)."]
            }
        }
        if !errors.isEmpty { throw APIError.validation(errors) }
        return PageRequest(page: page, perPage: perPage)
    }

    /// An optional query filter that must be one of an enumeration's values (422 otherwise).
    static func filter<E: RawRepresentable & CaseIterable>(_ name: String, of request: Request, _ type: E.Type) throws -> E?
    where E.RawValue == String {
        guard let text = request.formQuery[name] else { return nil }
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.validation(field: name, "The selected \(name.replacingOccurrences(of: "_", with: " ")) is invalid. Allowed: \(allowed).")
        }
        return value
    }

    /// A UUID path parameter; anything else names nothing, so it is a 404.
    static func id(_ name: String, in context: some RequestContext, notFound: String = "Resource not found.") throws -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(text: text) else {
            throw APIError.notFound(notFound)
        }
        return id
    }
}

/// Decodes JSON bodies, turning decoder failures into the contract's errors: malformed JSON
/// or a non-JSON content type is 400 `BAD_REQUEST`, a wrong type at a field is 422.
public struct APIRequestDecoder: RequestDecoder {
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        if let contentType = request.headers[.contentType]?.lowercased(),
            !contentType.hasPrefix("application/json"), !contentType.contains("+json")
        {
            throw APIError.badRequest("The request body must be JSON (Content-Type: application/json).")
        }
        var buffer = try await request.body.collect(upTo: context.maxUploadSize)
        if buffer.readableBytes == 0 { buffer = ByteBuffer(string: "{}") }
        do {
            return try JSONCoding.decoder.decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw Self.apiError(for: error)
        }
    }

    static func apiError(for error: DecodingError) -> APIError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .badRequest("The request body is not valid JSON.")
        case .dataCorrupted(let context):
            return .validation(field: path(context.codingPath), "The value is invalid.")
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .validation(field: field, "The \(key.stringValue) field is required.")
        case .typeMismatch(let type, let context) where context.codingPath.isEmpty:
            return .badRequest("The request body must be a JSON \(type is [Any].Type ? "array" : "object").")
        case .typeMismatch(let type, let context):
            return .validation(field: path(context.codingPath), "The value must be of type \(type).")
        case .valueNotFound(_, let context):
            return .validation(field: path(context.codingPath), "The value must not be null.")
        @unknown default:
            return .badRequest("The request body could not be read.")
        }
    }
}
