import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import ServiceLifecycle

/// PostgreSQL storage over postgres-nio's `PostgresClient` pool (a lifecycle service).
/// Each `read` or `transaction` leases one connection for its whole unit of work.
final class PostgresStorage: Storage {
    let engine = DatabaseEngine.postgres
    let client: PostgresClient
    var services: [any Service] { [client] }

    init(location: DatabaseURL.PostgresLocation, maximumConnections: Int = 20, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username,
            password: location.password, database: location.database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    private static func database(_ connection: PostgresConnection) -> any SQLDatabase {
        connection.sql(
            encodingContext: .init(jsonEncoder: JSONCoding.storageEncoder),
            decodingContext: .init(jsonDecoder: JSONCoding.decoder))
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(Self.database(connection))
        }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let db = Self.database(connection)
            try await db.raw("BEGIN").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                do {
                    try await db.raw("ROLLBACK").run()
                } catch {
                    // A connection whose transaction state is unknown must not go back to the pool.
                    try? await connection.close()
                }
                throw error
            }
        }
    }

    func shutdown() async {}
}
