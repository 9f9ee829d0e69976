import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import ServiceLifecycle

/// SQLite storage: one writer connection (write transactions are serialized here with
/// `BEGIN IMMEDIATE`) on a thread of its own, so the driver never spins on a lock or starves
/// the shared pool; WAL; a busy timeout; and query-only readers (`SQLiteReader`) that run
/// reads on the calling thread with their statements kept prepared.
final class SQLiteStorage: Storage {
    let engine = DatabaseEngine.sqlite
    let isShared = false
    let services: [any Service] = []
    /// One process owns the database: a transaction's notices are delivered in process once it commits.
    let changes = ChangeFeed()
    private let writer: ConnectionQueue<SQLiteConnection>
    /// Nil for an in-memory database, which cannot be shared between connections: reads use the writer.
    private let readers: ConnectionQueue<SQLiteReader>?
    private let threadPool: NIOThreadPool
    private let logger: Logger
    private let eventLoop: any EventLoop

    private init(
        writer: ConnectionQueue<SQLiteConnection>, readers: ConnectionQueue<SQLiteReader>?, threadPool: NIOThreadPool,
        logger: Logger, eventLoop: any EventLoop
    ) {
        self.writer = writer
        self.readers = readers
        self.threadPool = threadPool
        self.logger = logger
        self.eventLoop = eventLoop
    }

    /// Opens the file (or an in-memory database when `path` is nil). Two readers, one per core: a read
    /// holds its reader only while SQLite works, on one of the executor's threads.
    static func open(path: String?, readerCount: Int = 2, logger: Logger) async throws -> SQLiteStorage {
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        // Created readable by its owner alone (CONTRACT section 9); SQLite gives its WAL and
        // shared-memory files the database file's permissions.
        if let path, !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let storage: SQLiteConnection.Storage = path.map { .file(path: $0) } ?? .memory
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        var readerConnections: [SQLiteReader] = []
        do {
            let writerConnection = try await SQLiteConnection.open(
                storage: storage, threadPool: threadPool, logger: logger, on: eventLoop)
            if path != nil {
                _ = try await writerConnection.query("PRAGMA journal_mode = WAL")
                _ = try await writerConnection.query("PRAGMA synchronous = NORMAL")
            }
            _ = try await writerConnection.query("PRAGMA busy_timeout = 5000")
            _ = try await writerConnection.query("PRAGMA foreign_keys = ON")
            if let path {
                for _ in 0..<readerCount { readerConnections.append(try SQLiteReader.open(path: path)) }
            }
            return SQLiteStorage(
                writer: ConnectionQueue([writerConnection], name: "writer"),
                readers: readerConnections.isEmpty ? nil : ConnectionQueue(readerConnections, name: "readers"),
                threadPool: threadPool, logger: logger, eventLoop: eventLoop)
        } catch {
            for reader in readerConnections { reader.close() }
            try? await threadPool.shutdownGracefully()
            throw error
        }
    }

    private static let encoder = SQLiteDataEncoder(json: JSONCoding.storageEncoder)
    private static let decoder = SQLiteDataDecoder(json: JSONCoding.decoder)

    private static func database(_ connection: SQLiteConnection) -> any SQLDatabase {
        connection.sql(encoder: encoder, decoder: decoder)
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard let readers else {
            return try await writer.withConnection { connection in try await body(Self.database(connection)) }
        }
        return try await readers.withConnection { reader in
            try await body(SQLiteReaderDatabase(reader: reader, encoder: Self.encoder, decoder: Self.decoder, logger: logger, eventLoop: eventLoop))
        }
    }

    func heavyRead<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await read(body)
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let pending = PendingNotices()
        let result = try await writer.withConnection { connection in
            let db = Self.database(connection)
            try await Self.beginImmediate(db)
            do {
                let result = try await PendingNotices.$current.withValue(pending) { try await body(db) }
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
        changes.committed(pending.all)
        return result
    }

    func autocommit<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let pending = PendingNotices()
        let result = try await writer.withConnection { connection in
            try await PendingNotices.$current.withValue(pending) { try await body(Self.database(connection)) }
        }
        changes.deliver(pending.all)  // not a commit `ChangeFeed.commits` counts (`Storage.autocommit`)
        return result
    }

    /// `BEGIN IMMEDIATE`, tried again while another process holds the write lock past the
    /// busy timeout (5 s each time): a second server starting on the same file waits for the
    /// first one's migrations instead of failing. Nothing has run yet, so a retry is safe.
    private static func beginImmediate(_ db: any SQLDatabase) async throws {
        var attempts = 1
        while true {
            do {
                try await db.raw("BEGIN IMMEDIATE").run()
                return
            } catch let error as SQLiteError where attempts < 6 {
                guard case .busy = error.reason else { throw error }
                attempts += 1
            }
        }
    }

    func shutdown() async {
        for reader in readers?.all ?? [] { reader.close() }
        for connection in writer.all {
            // The future-based close: the async one gives up when the task is cancelled,
            // which is how test harnesses stop services.
            try? await connection.close().get()
        }
        try? await threadPool.shutdownGracefully()
    }
}
