import Hummingbird

/// An error that the API reports to its client, rendered as the contract's error body
/// (`{"error", "code", "errors"?}`) by `ErrorMiddleware`, the one place where errors become responses.
public struct APIError: Error, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public let fieldErrors: [String: [String]]?
    public var headers: HTTPFields
    /// More members of the body, e.g. a refused booking's `message` and `alternatives`
    /// (CONTRACT section 10).
    public var extra: [String: JSONValue] = [:]

    public init(
        _ status: HTTPResponse.Status, code: String, message: String,
        fieldErrors: [String: [String]]? = nil, headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.fieldErrors = fieldErrors
        self.headers = headers
    }

    public static let unauthenticated = APIError(.unauthorized, code: "UNAUTHENTICATED", message: "Unauthenticated.")
    public static let invalidCredentials = APIError(
        .unauthorized, code: "INVALID_CREDENTIALS", message: "These credentials do not match our records.")
    public static let internalError = APIError(
        .internalServerError, code: "INTERNAL_ERROR", message: "An unexpected error occurred.")
    public static let payloadTooLarge = APIError(
        .contentTooLarge, code: "PAYLOAD_TOO_LARGE", message: "The request body is too large.")

    public static func forbidden(_ message: String = "This action is unauthorized.") -> APIError {
        APIError(.forbidden, code: "FORBIDDEN", message: message)
    }

    public static func notFound(_ message: String = "Resource not found.") -> APIError {
        APIError(.notFound, code: "NOT_FOUND", message: message)
    }

    public static func badRequest(_ message: String) -> APIError {
        APIError(.badRequest, code: "BAD_REQUEST", message: message)
    }

    public static func conflict(_ message: String) -> APIError {
        APIError(.conflict, code: "CONFLICT", message: message)
    }

    public static func methodNotAllowed(allow: [HTTPRequest.Method]) -> APIError {
        var headers = HTTPFields()
        headers[.allow] = allow.map(\.rawValue).joined(separator: ", ")
        return APIError(.methodNotAllowed, code: "METHOD_NOT_ALLOWED", message: "Method not allowed.", headers: headers)
    }

    /// A 422 with per-field messages; the summary is the first message, as Laravel does.
    public static func validation(_ errors: [String: [String]]) -> APIError {
        let first = errors.keys.sorted().first.flatMap { errors[$0]?.first } ?? "The given data was invalid."
        return APIError(.unprocessableContent, code: "VALIDATION_ERROR", message: first, fieldErrors: errors)
    }

    public static func validation(field: String, _ message: String) -> APIError {
        validation([field: [message]])
    }
}

/// The JSON body of every error response.
struct ErrorBody: Encodable {
    let error: String
    let code: String
    let errors: [String: [String]]?
    var extra: [String: JSONValue] = [:]

    init(_ error: APIError) {
        self.error = error.message
        code = error.code
        errors = error.fieldErrors
        extra = error.extra
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(error, forKey: Key(stringValue: "error"))
        try container.encode(code, forKey: Key(stringValue: "code"))
        try container.encodeIfPresent(errors, forKey: Key(stringValue: "errors"))
        for (key, value) in extra where !["error", "code", "errors"].contains(key) {
            try container.encode(value, forKey: Key(stringValue: key))
        }
    }
}

extension APIError {
    /// The message and every field's messages, for the command line.
    public var commandLineDescription: String {
        var lines = [message]
        for (field, messages) in (fieldErrors ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines += messages.map { "  \(field): \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
