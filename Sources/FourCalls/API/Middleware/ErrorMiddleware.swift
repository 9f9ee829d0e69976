import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import PostgresNIO

/// The one place where errors become responses: every failure, including the router's own
/// 404, body-size 413 and unexpected errors, gets the contract's JSON error body.
/// Added to the router before any route, so it wraps them all.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.apiError(for: error, context: context)
            return Self.response(for: apiError)
        }
    }

    static func apiError(for error: any Error, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as PostgresTransactionError:
            if let inner = error.closureError { return apiError(for: inner, context: context) }
        case is NIOTooManyBytesError:
            return .payloadTooLarge
        case is HTTPParserError:
            // Malformed framing of the body (bad chunked encoding): the client's fault.
            return .badRequest("The request is not valid HTTP: \(error).")
        case let error as DecodingError:
            return APIRequestDecoder.apiError(for: error)
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                return .notFound(context.endpointPath == "NotFound" ? "The requested route does not exist." : "Resource not found.")
            case .unauthorized: return .unauthenticated
            case .contentTooLarge: return .payloadTooLarge
            case .badRequest: return .badRequest(error.body ?? "Bad request.")
            case .forbidden: return .forbidden()
            default:
                if error.status.code < 500 {
                    return APIError(error.status, code: error.status.reasonPhrase.uppercased().replacingOccurrences(of: " ", with: "_"),
                                    message: error.body ?? error.status.reasonPhrase)
                }
            }
        default:
            break
        }
        context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
        return .internalError
    }

    static func response(for error: APIError) -> Response {
        let body = ErrorBody(error)
        let data = (try? JSONCoding.encoder.encode(body)) ?? Data(#"{"error":"An unexpected error occurred.","code":"INTERNAL_ERROR"}"#.utf8)
        var headers = error.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
