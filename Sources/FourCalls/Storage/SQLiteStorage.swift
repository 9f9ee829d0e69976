import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import ServiceLifecycle

/// SQLite storage: one writer connection (write transactions are serialized here with
/// `BEGIN IMMEDIATE`), query-only reader connections, WAL, a busy timeout, and a thread
/// pool of its own, so the driver never spins on a lock or starves the shared pool.
final class SQLiteStorage: Storage {
    let engine = DatabaseEngine.sqlite
    let services: [any Service] = []
    private let writer: ConnectionQueue<SQLiteConnection>
    private let readers: ConnectionQueue<SQLiteConnection>
    private let threadPool: NIOThreadPool

    private init(writer: ConnectionQueue<SQLiteConnection>, readers: ConnectionQueue<SQLiteConnection>, threadPool: NIOThreadPool) {
        self.writer = writer
        self.readers = readers
        self.threadPool = threadPool
    }

    /// Opens the file (or an in-memory database when `path` is nil).
    static func open(path: String?, readerCount: Int = 2, logger: Logger) async throws -> SQLiteStorage {
        let readerCount = path == nil ? 0 : readerCount
        let threadPool = NIOThreadPool(numberOfThreads: readerCount + 1)
        threadPool.start()
        let storage: SQLiteConnection.Storage = path.map { .file(path: $0) } ?? .memory
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        do {
            let writerConnection = try await SQLiteConnection.open(
                storage: storage, threadPool: threadPool, logger: logger, on: eventLoop)
            if path != nil {
                _ = try await writerConnection.query("PRAGMA journal_mode = WAL")
                _ = try await writerConnection.query("PRAGMA synchronous = NORMAL")
            }
            try await configure(writerConnection, readOnly: false)
            var readerConnections: [SQLiteConnection] = []
            for _ in 0..<readerCount {
                let reader = try await SQLiteConnection.open(storage: storage, threadPool: threadPool, logger: logger, on: eventLoop)
                try await configure(reader, readOnly: true)
                readerConnections.append(reader)
            }
            let writer = ConnectionQueue([writerConnection], name: "writer")
            // An in-memory database cannot be shared between connections: reads use the writer.
            let readers = readerConnections.isEmpty ? writer : ConnectionQueue(readerConnections, name: "readers")
            return SQLiteStorage(writer: writer, readers: readers, threadPool: threadPool)
        } catch {
            try? await threadPool.shutdownGracefully()
            throw error
        }
    }

    private static func configure(_ connection: SQLiteConnection, readOnly: Bool) async throws {
        _ = try await connection.query("PRAGMA busy_timeout = 5000")
        _ = try await connection.query("PRAGMA foreign_keys = ON")
        if readOnly { _ = try await connection.query("PRAGMA query_only = 1") }
    }

    private static func database(_ connection: SQLiteConnection) -> any SQLDatabase {
        connection.sql(
            encoder: SQLiteDataEncoder(json: JSONCoding.storageEncoder),
            decoder: SQLiteDataDecoder(json: JSONCoding.decoder))
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await readers.withConnection { connection in
            try await body(Self.database(connection))
        }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.withConnection { connection in
            let db = Self.database(connection)
            try await db.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    func shutdown() async {
        var connections = writer.all
        if readers !== writer { connections += readers.all }
        for connection in connections {
            // The future-based close: the async one gives up when the task is cancelled,
            // which is how test harnesses stop services.
            try? await connection.close().get()
        }
        try? await threadPool.shutdownGracefully()
    }
}
