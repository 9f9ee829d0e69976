import Foundation

/// A parsed `DATABASE_URL`: `sqlite://fourcalls.sqlite`, `sqlite://:memory:`,
/// `sqlite:///absolute/path.sqlite` or `postgres://user:pass@host:5432/db`, whose
/// `sslmode` (`disable`, `allow`, `prefer`, `require`, `verify-ca`, `verify-full`, as libpq
/// reads them) and `sslrootcert` (a PEM file of the CAs to trust) are honoured.
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
        /// libpq's default is `prefer`: TLS when the server offers it.
        public var sslMode: SSLMode = .prefer
        /// The CA certificates (PEM) `verify-ca` and `verify-full` trust; the system's by default.
        public var sslRootCert: String?
    }

    /// libpq's `sslmode`, what it promises: whether TLS is used, and what of the server is checked.
    public enum SSLMode: String, Sendable, Equatable, CaseIterable {
        /// Plaintext only.
        case disable
        /// libpq tries plaintext first, then TLS; here the same as `prefer`.
        case allow
        /// TLS when the server offers it, without checking its certificate; plaintext otherwise.
        case prefer
        /// TLS always, without checking the certificate.
        case require
        /// TLS always, the certificate signed by a trusted CA (`sslrootcert`), any host name.
        case verifyCA = "verify-ca"
        /// TLS always, the certificate trusted and issued for the host.
        case verifyFull = "verify-full"
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
        var location = PostgresLocation(
            host: host, port: components.port ?? 5432,
            username: components.user?.removingPercentEncoding ?? "postgres",
            password: components.password?.removingPercentEncoding,
            database: database)
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    let modes = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw Invalid(description: "DATABASE_URL sslmode must be one of \(modes), got '\(item.value ?? "")'")
                }
                location.sslMode = mode
            case "sslrootcert":
                guard let path = item.value, !path.isEmpty else {
                    throw Invalid(description: "DATABASE_URL sslrootcert must name a PEM file")
                }
                location.sslRootCert = path
            default:
                throw Invalid(description: "DATABASE_URL has an unknown parameter '\(item.name)': only sslmode and sslrootcert are read")
            }
        }
        self = .postgres(location)
    }
}
