import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import FourCalls

/// A fixed key for tests (APP_KEY is required with PostgreSQL).
let testAppKey = Data(repeating: 7, count: 32).base64EncodedString()

/// Builds the real application on a fresh database of `engine` and runs `body` against it
/// over HTTP (Hummingbird's router test client: every middleware, no socket; or, `live`, a
/// server on a loopback port, `api.port`, for what needs a socket, such as an endless stream).
func withTestApp<T>(
    _ engine: Engine,
    clock: (any AppClock)? = nil,
    live: Bool = false,
    configure: (inout AppConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (TestAPI) async throws -> T
) async throws -> T {
    try await PhaseWatch.watching(engine.rawValue) { watch in
        let database = try await TestDatabase.make(engine)
        do {
            var configuration = testConfiguration(databaseURL: database.url)
            if let clock { configuration.clock = clock }
            configure(&configuration)
            let app = try await buildApplication(configuration)
            let result = try await app.test(live ? .live : .router) { client in
                watch.enter("in its body")
                defer { watch.enter("stopping") }
                return try await body(TestAPI(client: client, databaseURL: database.url, port: client.port))
            }
            watch.enter("dropping its database")
            await database.drop()
            return result
        } catch {
            watch.enter("dropping its database after \(error)")
            await database.drop()
            throw error
        }
    }
}

/// The settings every test application starts from, on the database at `databaseURL`.
func testConfiguration(databaseURL: String) -> AppConfiguration {
    var configuration = AppConfiguration()
    configuration.databaseURL = databaseURL
    configuration.appKey = testAppKey
    configuration.bcryptCost = 4
    configuration.logLevel = .warning
    // Every suite runs at once against one PostgreSQL server (max_connections 1000 in CI),
    // each application with its pool and its LISTEN connection: a few connections per
    // application serve a test's requests.
    configuration.databasePoolSize = 4
    // Suites make many requests with one token; RateLimitTests set the real limits.
    configuration.rateLimitStandard = 100_000
    configuration.rateLimitBulk = 100_000
    configuration.rateLimitAI = 100_000
    configuration.rateLimitAuth = 100_000
    return configuration
}

/// A second instance of the application on the database of `api` (several instances
/// sharing one PostgreSQL), run beside the first for `body`.
func withSecondInstance<T>(
    of api: TestAPI, live: Bool = false, configure: (inout AppConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (TestAPI) async throws -> T
) async throws -> T {
    var configuration = testConfiguration(databaseURL: api.databaseURL)
    configure(&configuration)
    let app = try await buildApplication(configuration)
    return try await app.test(live ? .live : .router) { client in
        try await body(TestAPI(client: client, databaseURL: api.databaseURL, port: client.port))
    }
}
