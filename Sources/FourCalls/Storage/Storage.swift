import SQLKit
import ServiceLifecycle

/// The database engines 4Calls runs on.
public enum DatabaseEngine: String, Sendable {
    case sqlite
    case postgres
}

/// The one entry point to the database for both engines. Repositories receive the
/// `SQLDatabase` handed to `read` or `transaction`; nothing else talks to the database.
public protocol Storage: Sendable {
    var engine: DatabaseEngine { get }

    /// Whether several server instances may share this database (PostgreSQL), so counts
    /// they all keep (the rate limits) live in it; SQLite's one process counts in memory.
    var isShared: Bool { get }

    /// Runs read-only work on a connection of its own.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs read-only work that reads many rows (a search, a count over an organization) on a
    /// connection of its own. On PostgreSQL they have a small pool of their own
    /// (`PostgresStorage.heavyClient`), where they wait their turn in order: a burst of
    /// them never holds every connection and every core of the database from the short
    /// reads, and each finishes sooner than among many. On SQLite, as `read` (its readers are
    /// already few).
    func heavyRead<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws
    /// (the error is rethrown unchanged). On SQLite write transactions are serialized.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body`'s statements each committed on its own, with no transaction around them:
    /// for one statement, or statements whose partial effect is safe to leave behind (the
    /// webhook dispatcher's claims and attempt records). PostgreSQL saves the `BEGIN` and
    /// `COMMIT` round trips; change notices go out once `body` returns. Its writes do not count
    /// in `ChangeFeed.commits` (notices still do): they are the dispatcher's bookkeeping of
    /// deliveries, which no cached read holds, and the dispatcher claims every second.
    func autocommit<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Notices of committed changes, this instance's and (PostgreSQL) every other's.
    var changes: ChangeFeed { get }

    /// Lifecycle services the storage needs running (the PostgreSQL pool).
    var services: [any Service] { get }

    /// Closes every connection.
    func shutdown() async
}
