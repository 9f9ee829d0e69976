import Foundation
import HTTPTypes
import Hummingbird
@testable import FourCalls

/// The routes the application registers, each as its method and path (`/api/...`), the 405
/// responders and the `HEAD`s made from `GET`s aside.
enum ApplicationRoutes {
    static func all() async throws -> [(method: HTTPRequest.Method, path: String)] {
        let storage = try await openStorage(.sqliteMemory, logger: .init(label: "routes"))
        var configuration = AppConfiguration()
        configuration.bcryptCost = 4
        let dependencies = try AppDependencies(configuration, storage: storage, box: SecretBox(key: Array(repeating: 7, count: 32)))
        let router = Router(context: AppRequestContext.self)
        addRoutes(to: router, dependencies)
        let routes = router.routes.map { route in
            (method: route.method, path: route.path.description.hasPrefix("/") ? route.path.description : "/" + route.path.description)
        }
        await dependencies.hasher.shutdown()
        await storage.shutdown()
        return routes
    }
}
