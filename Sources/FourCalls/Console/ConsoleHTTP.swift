import Foundation
import HTTPTypes
import Hummingbird

/// The console's HTTP conventions in one place: its cookies, its Content-Security-Policy, its
/// redirects, form bodies and pages rendered from the `console/` templates.
enum ConsoleHTTP {
    static let sessionCookie = "fourcalls_session"
    /// The sign-in form's CSRF token before there is a session (a double-submit cookie).
    static let signInCookie = "fourcalls_csrf"
    static let csrfField = "_csrf"
    /// Scripts and styles from this server only; nothing framed, forms post here only.
    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"

    /// The request's cookie `name`.
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name else { continue }
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// A `Set-Cookie` value under `/console`, `HttpOnly`, `SameSite=Lax`, `Secure` when the
    /// server's public URL is https; `maxAge` 0 deletes it.
    static func setCookie(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=/console; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    /// 303 to `location` (after a form, and to the sign-in page).
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: location, .contentSecurityPolicy: contentSecurityPolicy, .cacheControl: "no-store"]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// A page of the `console/` templates.
    static func page(
        _ template: String, _ view: Any, status: HTTPResponse.Status = .ok, cookies: [String] = [], templates: PageTemplates
    ) throws -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .contentSecurityPolicy: contentSecurityPolicy, .cacheControl: "no-store",
        ]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: try templates.render(view, as: template))))
    }

    /// Whether the request is the console script's refresh of the region `id` alone (it
    /// sends `X-Console-Refresh` with the region's id): the page may leave out what lies
    /// outside that region and is costly to make.
    static func refreshes(_ id: String, _ request: Request) -> Bool {
        request.headers[.consoleRefresh] == id
    }

    /// A form body (`application/x-www-form-urlencoded`).
    static func form(_ request: Request) async throws -> FormQuery {
        let buffer = try await request.body.collect(upTo: APIBody.maxBytes)
        return FormQuery(String(buffer: buffer))
    }

    /// A form's values as fields for `FieldReader`: blank values are left out, as a field not
    /// filled in, except on an edit form (`clearing`), where a blank value is null so that
    /// emptying a field clears it; the `lists` are comma-separated, as arrays.
    static func fields(_ form: FormQuery, clearing: Bool = false, lists: Set<String> = []) -> FieldReader {
        var object: [String: JSONValue] = [:]
        for (name, value) in form.values where name != csrfField {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if lists.contains(name) {
                object[name] = .array(trimmed.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 != .string("") })
            } else if !trimmed.isEmpty {
                object[name] = .string(trimmed)
            } else if clearing {
                object[name] = .null
            }
        }
        return FieldReader(object)
    }

    /// Where to go back to after signing in: a console path only (never another site).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/console"), !next.hasPrefix("//"), !next.contains("\\") else { return "/console" }
        return next
    }
}

/// Thrown where a page needs a signed-in person and has none: the console's error
/// middleware answers 303 to the sign-in page, with the page asked for as `next`.
struct ConsoleSignInRequired: Error {
    let next: String
}

/// Turns what console handlers throw into pages: the sign-in redirect, and the API's errors
/// (403, 404, 429...) as an HTML page with the same status.
struct ConsoleErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let templates: PageTemplates

    struct ErrorView: TemplateView {
        let title: String
        let status: Int
        let message: String
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let signIn as ConsoleSignInRequired {
            return ConsoleHTTP.redirect("/console/sign-in?next=" + (signIn.next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        } catch let error as APIError {
            var response = try ConsoleHTTP.page(
                "console/error", ErrorView(title: "\(error.status.code)", status: error.status.code, message: error.message),
                status: error.status, templates: templates)
            for field in error.headers { response.headers.append(field) }
            return response
        } catch let error as HTTPError where error.status == .notFound {
            return try ConsoleHTTP.page(
                "console/error", ErrorView(title: "Not found", status: 404, message: "There is no such page."), status: .notFound, templates: templates)
        }
    }
}

extension HTTPField.Name {
    /// The id of the region the console's script is refreshing (`console.js`).
    static let consoleRefresh = Self("X-Console-Refresh")!
}
