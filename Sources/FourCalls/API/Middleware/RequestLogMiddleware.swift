import Foundation
import HTTPTypes
import Hummingbird
import Logging

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
}

/// Gives every request an id (the client's `X-Request-Id` when it sends a sensible one),
/// echoes it on the response, puts it in the request's log metadata, and logs one line per
/// request: method, route, status, duration and the organization the path names. The path
/// is logged without its query string (which may carry e-mails and phone numbers); headers
/// and bodies (tokens, passwords, keys, secrets) are never logged.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = Self.acceptableID(request.headers[.requestID]) ?? UUID.random().api
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // The error middleware sits inside this one; this is a last resort.
            response = ErrorMiddleware<Context>.response(for: ErrorMiddleware<Context>.apiError(for: error, context: context))
        }
        response.headers[.requestID] = requestID
        let elapsed = ContinuousClock.now - start
        // Hundredths of a millisecond, printed without `String(format:)` (slow, and on every request).
        let hundredths = Int(elapsed.components.seconds) * 100_000 + Int(elapsed.components.attoseconds / 10_000_000_000_000)
        let milliseconds = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        context.logger.info(
            "\(request.method) \(request.uri.path) \(response.status.code)",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "route": .string(context.endpointPath ?? "-"),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(milliseconds),
                "organization_id": .string(Self.organizationID(in: request.uri.path) ?? "-"),
            ])
        return response
    }

    /// The organization a path belongs to: `/api[/v1]/coordinator/organizations/{id}/...` or
    /// `/api/internal/ai/{area}/{business_id}/...`.
    static func organizationID(in path: String) -> String? {
        var segments = path.split(separator: "/").map(String.init)
        if segments.count > 1, segments[0] == "api", segments[1] == "v1" { segments.remove(at: 1) }
        let candidate: String? =
            switch segments.count {
            case 4... where segments[0...2] == ["api", "coordinator", "organizations"]: segments[3]
            case 5... where segments[0...2] == ["api", "internal", "ai"]: segments[4]
            default: nil
            }
        return candidate.flatMap({ UUID(text: $0) })?.api
    }

    /// Up to 128 visible ASCII characters; anything else is replaced by a generated id.
    static func acceptableID(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.count <= 128,
            value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return nil }
        return value
    }
}
