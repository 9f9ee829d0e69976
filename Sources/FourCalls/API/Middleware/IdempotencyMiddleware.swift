import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}

/// `Idempotency-Key` on POST: the first response (status and body) is stored for 24 hours
/// per token and replayed byte for byte; the same key with another request is 422
/// `IDEMPOTENCY_KEY_REUSED`; while the first is still running, 409 `IDEMPOTENCY_KEY_IN_USE`.
/// Server errors are not kept, so the request can be retried.
struct IdempotencyMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: IdempotencyStore
    /// Whose keys these are (the token), so two clients never share a key.
    let scope: @Sendable (Context) -> String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey] else { return try await next(request, context) }
        guard !key.isEmpty, key.count <= 255 else {
            throw APIError.validation(field: "Idempotency-Key", "The Idempotency-Key header must be 1 to 255 characters.")
        }
        // Buffered up to the route's own limit, never more (a key must not raise it).
        let limit = RateLimitTier.isBulk(request) && request.uri.path.hasSuffix("/import") ? ContactImport.maxBytes : APIBody.maxBytes
        let body = try await request.body.collect(upTo: limit)
        var request = request
        request.body = RequestBody(buffer: body)
        let id = IdempotencyStore.hash([scope(context), key], body: [])
        let requestHash = IdempotencyStore.hash(
            [request.method.rawValue, request.uri.description, request.headers[.contentType] ?? ""], body: Array(buffer: body))
        switch try await store.begin(id: id, requestHash: requestHash) {
        case .inProgress:
            throw APIError(.conflict, code: "IDEMPOTENCY_KEY_IN_USE", message: "A request with this Idempotency-Key is still being processed.")
        case .reused:
            throw APIError(
                .unprocessableContent, code: "IDEMPOTENCY_KEY_REUSED",
                message: "This Idempotency-Key was used with a different request.")
        case .replay(let status, let stored, let contentType):
            var headers: HTTPFields = [.idempotentReplayed: "true"]
            if let contentType { headers[.contentType] = contentType }
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: stored)))
        case .started:
            var response: Response
            do {
                response = try await next(request, context)
            } catch {
                response = ErrorMiddleware<Context>.response(for: ErrorMiddleware<Context>.apiError(for: error, context: context))
            }
            let collected = NIOLockedValueBox(ByteBuffer())
            try await response.body.write(BodyCollector(into: collected))
            let responseBody = collected.withLockedValue { $0 }
            response.body = .init(byteBuffer: responseBody)
            if response.status.code >= 500 {
                try await store.abandon(id: id)
            } else {
                try await store.finish(
                    id: id, status: response.status.code, body: String(buffer: responseBody), contentType: response.headers[.contentType])
            }
            return response
        }
    }
}

/// Gathers a response body so that it can be stored and sent.
struct BodyCollector: ResponseBodyWriter {
    let into: NIOLockedValueBox<ByteBuffer>

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        _ = into.withLockedValue { $0.writeBuffer(&buffer) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
