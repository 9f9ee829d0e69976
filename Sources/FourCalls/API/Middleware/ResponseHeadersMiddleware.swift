import HTTPTypes
import Hummingbird

/// What every response carries (CONTRACT section 9): `X-Content-Type-Options: nosniff` and
/// `Referrer-Policy: no-referrer`. A `HEAD` request gets its `GET`'s status and headers
/// without the body, errors included (the router makes each `HEAD` from its `GET`).
/// Added outside `ErrorMiddleware`, so error bodies get the same treatment.
struct ResponseHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        if request.method == .head {
            if response.headers[.contentLength] == nil, let length = response.body.contentLength {
                response.headers[.contentLength] = String(length)
            }
            response = response.createHeadResponse()
        }
        return response
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
}
