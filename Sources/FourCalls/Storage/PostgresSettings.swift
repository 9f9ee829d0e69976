import NIOSSL
import PostgresNIO

/// The pool's and the listener's connection settings from a `DATABASE_URL` (stack notes §13):
/// `sslmode` as libpq reads it, which postgres-kit's own URL parser does not follow.
extension DatabaseURL.PostgresLocation {
    /// The TLS settings of `sslMode`; nil for `disable`.
    var tlsConfiguration: TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable: return nil
        case .allow, .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let sslRootCert { tls.trustRoots = .file(sslRootCert) }
        return tls
    }

    /// Whether a server without TLS is refused.
    var requiresTLS: Bool { [.require, .verifyCA, .verifyFull].contains(sslMode) }

    /// How long a pooled connection may stay idle before it is closed.
    static let connectionIdleTimeout: Duration = .seconds(10)

    func clientConfiguration(maximumConnections: Int) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch tlsConfiguration {
            case nil: .disable
            case let configuration? where requiresTLS: .require(configuration)
            case let configuration?: .prefer(configuration)
            }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        // An idle instance lets its pool go within seconds (postgres-nio keeps idle ones 60 s):
        // each connection holds its buffers, and the memory trim that follows gives them back.
        configuration.options.connectionIdleTimeout = Self.connectionIdleTimeout
        return configuration
    }

    /// For a connection of its own outside the pool (the `LISTEN` connection).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch tlsConfiguration {
            case nil: .disable
            case let configuration? where requiresTLS: .require(try NIOSSLContext(configuration: configuration))
            case let configuration?: .prefer(try NIOSSLContext(configuration: configuration))
            }
        return PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
    }
}
