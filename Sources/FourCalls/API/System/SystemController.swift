import Foundation
import Hummingbird
import SQLKit

/// `/health` (the process is up), `/ready` (the database answers) and the OpenAPI document.
struct SystemController {
    let storage: any Storage

    struct Status: ResponseEncodable {
        let status: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ in Status(status: "ok") }
        router.get("ready", use: ready)
        router.get("api/docs/openapi.json", use: openAPIDocument)
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Status {
        do {
            _ = try await storage.read { db in try await db.raw("SELECT 1 AS one").first() }
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, code: "SERVICE_UNAVAILABLE", message: "The database is not reachable.")
        }
        return Status(status: "ready")
    }

    @Sendable func openAPIDocument(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
    }
}

/// The OpenAPI 3.1 document of the whole API, shipped as a resource of this module.
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return Array(#"{"openapi":"3.1.0","info":{"title":"4Calls API","version":"unavailable"},"paths":{}}"#.utf8) }
        return Array(data)
    }()
}
