import Foundation

/// A parsed `DATABASE_URL`: `sqlite://fourcalls.sqlite`, `sqlite://:memory:`,
/// `sqlite:///absolute/path.sqlite` or `postgres://user:pass@host:5432/db`.
public enum DatabaseURL: Sendable, Equatable {
    case sqliteFile(path: String)
    case sqliteMemory
    case postgres(PostgresLocation)

    public struct PostgresLocation: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
    }

    public var engine: DatabaseEngine {
        switch self {
        case .sqliteFile, .sqliteMemory: .sqlite
        case .postgres: .postgres
        }
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(parsing text: String) throws {
        if text.hasPrefix("sqlite://") {
            let rest = String(text.dropFirst("sqlite://".count))
            if rest == ":memory:" {
                self = .sqliteMemory
            } else if rest.isEmpty {
                throw Invalid(description: "DATABASE_URL '\(text)' names no SQLite file")
            } else {
                self = .sqliteFile(path: rest)
            }
            return
        }
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw Invalid(
                description: "DATABASE_URL '\(text)' is neither sqlite://FILE, sqlite://:memory: nor postgres://user:pass@host:port/db")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard let host = components.host, !host.isEmpty, !database.isEmpty else {
            throw Invalid(description: "DATABASE_URL must name a host and a database: postgres://user:pass@host:5432/db")
        }
        self = .postgres(
            PostgresLocation(
                host: host, port: components.port ?? 5432,
                username: components.user?.removingPercentEncoding ?? "postgres",
                password: components.password?.removingPercentEncoding,
                database: database))
    }
}
