import Foundation
import HTTPTypes
import Hummingbird
import NIOPosix

/// `/health` (the process is up), `/ready` (the database answers), `/metrics` (Prometheus)
/// and the OpenAPI document.
struct SystemController {
    let storage: any Storage

    struct Status: ResponseEncodable {
        let status: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ in Status(status: "ok") }
        router.get("ready", use: ready)
        router.get("metrics", use: metrics)
        router.get("api/docs/openapi.json", use: openAPIDocument)
        router.get("api/docs", use: documentationPage)
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Status {
        do {
            try await storage.read { db in try await SystemRepository(db: db).ping() }
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, code: "SERVICE_UNAVAILABLE", message: "The database is not reachable.")
        }
        return Status(status: "ready")
    }

    /// The Prometheus text exposition; the webhook queue depth is counted as it is read.
    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pending = try? await storage.read { db in try await SystemRepository(db: db).pendingDeliveries() }
        if let pending { AppMetrics.webhookQueueDepth().record(pending) }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: AppMetrics.exposition())))
    }

    /// The readable HTML page of the OpenAPI document, self-contained (the policy header
    /// forbids loading anything else). Rendered by the first request that asks, on a thread of
    /// the pool for blocking work (about a second), and kept from then on.
    @Sendable func documentationPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await NIOThreadPool.singleton.runIfActive { try OpenAPIDocument.page.get() }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: page)))
    }

    @Sendable func openAPIDocument(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
    }
}

/// The OpenAPI 3.1 document of the whole API, shipped as a resource of this module.
enum OpenAPIDocument {
    /// `GET /api/docs`: the document as HTML through the `docs/` templates, made when first
    /// asked for: a server whose documentation nobody reads never holds its 1.8 MB (nor
    /// spends the time at every start). `DocsPageTests` renders the bundled document.
    static let page: Result<[UInt8], PageTemplates.LoadError> = PageTemplates.bundled.flatMap { templates in
        Result { Array(try DocsPage.render(JSONValue.parse(String(decoding: bytes, as: UTF8.self)), templates: templates).utf8) }
            .mapError { $0 as? PageTemplates.LoadError ?? PageTemplates.LoadError(description: "\($0)") }
    }

    /// `GET /api/docs/openapi.json`, read from the bundle when first asked for.
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return Array(#"{"openapi":"3.1.0","info":{"title":"4Calls API","version":"unavailable"},"paths":{}}"#.utf8) }
        return Array(data)
    }()
}
