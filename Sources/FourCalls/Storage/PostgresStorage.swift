import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import ServiceLifecycle

/// PostgreSQL storage over postgres-nio's `PostgresClient` pool (a lifecycle service).
/// Each `read`, `transaction` or `autocommit` leases one connection for its whole unit of work. A
/// transaction's change notices go out with `pg_notify` before it commits, so every instance
/// (this one through `LISTEN` as well) hears of exactly the committed changes; this instance
/// also delivers them at once. Statements a connection runs again run prepared
/// (`PreparingPostgresDatabase`).
final class PostgresStorage: Storage {
    let engine = DatabaseEngine.postgres
    let isShared = true
    let client: PostgresClient
    let changes = ChangeFeed()
    let statements = PostgresStatementNames()
    let services: [any Service]

    /// Connections one instance holds at most, by default: a few per core serve the 2-core
    /// machines this runs on, and several instances fit under PostgreSQL's default 100.
    static let defaultPoolSize = 16

    /// The pool of heavy reads (`Storage.heavyRead`): a quarter of `maximumConnections`, at
    /// least one, beside the main pool's three quarters. Its reads wait their turn in its
    /// queue, in arrival order, while it is busy. (A limit in front of one shared pool made
    /// each connection go idle between two reads, and postgres-nio schedules timers for
    /// every idle connection: a sixth of a search's CPU.)
    let heavyClient: PostgresClient

    /// The connections of the heavy reads' pool, out of `poolSize`.
    static func heavyReadConnections(poolSize: Int) -> Int { max(1, poolSize / 4) }

    init(location: DatabaseURL.PostgresLocation, maximumConnections: Int = defaultPoolSize, logger: Logger) {
        let heavy = Self.heavyReadConnections(poolSize: maximumConnections)
        client = PostgresClient(
            configuration: location.clientConfiguration(maximumConnections: max(1, maximumConnections - heavy)), backgroundLogger: logger)
        heavyClient = PostgresClient(configuration: location.clientConfiguration(maximumConnections: heavy), backgroundLogger: logger)
        services = [client, heavyClient, PostgresChangeListener(location: location, feed: changes, logger: logger)]
    }

    private func database(_ connection: PostgresConnection, in transaction: TransactionHealth? = nil) -> any SQLDatabase {
        let encoding = PostgresEncodingContext(jsonEncoder: JSONCoding.storageEncoder)
        let decoding = PostgresDecodingContext(jsonDecoder: JSONCoding.decoder)
        return PreparingPostgresDatabase(
            connection: connection, plain: connection.sql(encodingContext: encoding, decodingContext: decoding),
            names: statements, encodingContext: encoding, decodingContext: decoding, transaction: transaction)
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(self.database(connection))
        }
    }

    func heavyRead<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await heavyClient.withConnection { connection in
            try await body(self.database(connection))
        }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let pending = PendingNotices()
        let result = try await client.withConnection { connection in
            let db = self.database(connection, in: TransactionHealth())
            try await db.raw("BEGIN").run()
            do {
                let result = try await PendingNotices.$current.withValue(pending) { try await body(db) }
                try await Self.notify(pending, on: db)
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
        changes.committed(pending.all)
        return result
    }

    func autocommit<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let pending = PendingNotices()
        let result = try await client.withConnection { connection in
            let db = self.database(connection)
            let result = try await PendingNotices.$current.withValue(pending) { try await body(db) }
            try await Self.notify(pending, on: db)
            return result
        }
        changes.deliver(pending.all)  // not a commit `ChangeFeed.commits` counts (`Storage.autocommit`)
        return result
    }

    /// Tells every instance (`NOTIFY`) of the shared notices posted.
    private static func notify(_ pending: PendingNotices, on db: any SQLDatabase) async throws {
        let notices = pending.all.filter(\.isShared).map(\.payload)
        guard !notices.isEmpty else { return }
        try await db.raw(
            "SELECT pg_notify('\(unsafeRaw: PostgresChangeListener.channel)', payload) FROM unnest(\(bind: notices)::text[]) AS payload"
        ).run()
    }

    func shutdown() async {}
}
