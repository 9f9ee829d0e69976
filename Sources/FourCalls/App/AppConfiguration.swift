import Foundation
import Logging

/// Every setting of the server (CONTRACT section 9). The command line fills it from flags or
/// the environment; tests build it directly.
public struct AppConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8000
    public var databaseURL = "sqlite://fourcalls.sqlite"
    /// PostgreSQL connections this instance holds at most.
    public var databasePoolSize = PostgresStorage.defaultPoolSize
    /// Base64 key (32 bytes) that encrypts webhook secrets. See `AppKey`.
    public var appKey: String?
    public var webhookAllowPrivateNetworks = false
    public var rateLimitStandard = 100
    public var rateLimitBulk = 10
    public var rateLimitAI = 200
    public var rateLimitAuth = 10
    /// Off only for measuring the limiter's cost (the benchmark); never in production.
    public var rateLimitEnabled = true
    public var logLevel: Logger.Level = .info
    /// `text` (one readable line per record) or `json` (one JSON object per line).
    public var logFormat: LogFormat = .text
    /// Replaces the log handler `logFormat` picks (tests collect the lines).
    public var logHandlerFactory: (@Sendable (String) -> any LogHandler)?
    /// Delivered webhook deliveries and their attempt logs are kept this many days.
    public var retentionWebhookDays = 30
    /// How often expired tokens, keys, windows and old deliveries are swept.
    public var maintenanceIntervalSeconds = 600
    /// On SIGTERM/SIGINT, how long in-flight requests and webhook attempts may take to finish.
    public var shutdownTimeoutSeconds = 30
    /// A connection that has sent no whole request head for this long is closed: idle
    /// keep-alive connections, and slow clients dribbling a head byte by byte.
    public var httpIdleTimeoutSeconds = 30
    /// Open connections at most; past it new ones wait in the listen backlog. Also kept
    /// under the process's open-file limit (see `FileLimit`).
    public var httpMaxConnections = 4096
    /// bcrypt work factor for passwords (4...31). 10 costs about 50 ms per hash on this machine.
    public var bcryptCost: UInt8 = 10
    /// The server's public base URL (`https://calls.example.com`), for the absolute URLs of
    /// tool manifests; nil: taken from each request's host.
    public var appURL: String?
    public var clock: any AppClock = SystemClock()
    /// How often the webhook dispatcher looks at the outbox unwoken (retries coming due);
    /// committed deliveries wake it at once.
    var webhookPollInterval: Duration = .seconds(1)
    /// Replaces DNS for webhook hosts (tests: a name that answers differently each time).
    var webhookResolver: (@Sendable (String) async throws -> [WebhookURLGuard.Address])?

    public init() {}

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// The names of the environment variables, in the order the README lists them.
    public static let environmentNames = [
        "PORT", "HOST", "DATABASE_URL", "DATABASE_POOL_SIZE", "APP_KEY", "WEBHOOK_ALLOW_PRIVATE_NETWORKS",
        "RATE_LIMIT_STANDARD", "RATE_LIMIT_BULK", "RATE_LIMIT_AI", "RATE_LIMIT_AUTH", "RATE_LIMIT_ENABLED", "LOG_LEVEL", "LOG_FORMAT",
        "RETENTION_WEBHOOK_DAYS", "MAINTENANCE_INTERVAL_SECONDS", "SHUTDOWN_TIMEOUT_SECONDS", "BCRYPT_COST",
        "HTTP_IDLE_TIMEOUT_SECONDS", "HTTP_MAX_CONNECTIONS", "APP_URL",
    ]

    public enum LogFormat: String, Sendable, CaseIterable {
        case text, json
    }

    /// The handler of the application's loggers.
    public func makeLogHandler(label: String) -> any LogHandler {
        if let logHandlerFactory { return logHandlerFactory(label) }
        switch logFormat {
        case .text: return StreamLogHandler.standardOutput(label: label)
        case .json: return JSONLogHandler(label: label)
        }
    }

    /// Applies settings given as `NAME=value` (from the environment, then from flags, so
    /// that flags win). Unknown names are ignored; bad values are an error naming the setting.
    public mutating func apply(_ settings: [String: String]) throws {
        func integer(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = settings[name] else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw Invalid(description: "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
            }
            return value
        }
        if let value = settings["HOST"], !value.isEmpty { host = value }
        if let value = try integer("PORT", 0...65535) { port = value }
        if let value = settings["DATABASE_URL"], !value.isEmpty { databaseURL = value }
        if let value = try integer("DATABASE_POOL_SIZE", 1...1000) { databasePoolSize = value }
        if let value = settings["APP_KEY"], !value.isEmpty { appKey = value }
        if let text = settings["WEBHOOK_ALLOW_PRIVATE_NETWORKS"] {
            switch text.lowercased() {
            case "true", "1", "yes": webhookAllowPrivateNetworks = true
            case "false", "0", "no", "": webhookAllowPrivateNetworks = false
            default: throw Invalid(description: "WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false, got '\(text)'")
            }
        }
        if let value = try integer("RATE_LIMIT_STANDARD", 1...1_000_000_000) { rateLimitStandard = value }
        if let value = try integer("RATE_LIMIT_BULK", 1...1_000_000_000) { rateLimitBulk = value }
        if let value = try integer("RATE_LIMIT_AI", 1...1_000_000_000) { rateLimitAI = value }
        if let value = try integer("RATE_LIMIT_AUTH", 1...1_000_000_000) { rateLimitAuth = value }
        if let text = settings["RATE_LIMIT_ENABLED"] {
            switch text.lowercased() {
            case "true", "1", "yes": rateLimitEnabled = true
            case "false", "0", "no": rateLimitEnabled = false
            default: throw Invalid(description: "RATE_LIMIT_ENABLED must be true or false, got '\(text)'")
            }
        }
        if let text = settings["LOG_LEVEL"] {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                throw Invalid(description: "LOG_LEVEL must be one of \(names), got '\(text)'")
            }
            logLevel = level
        }
        if let text = settings["LOG_FORMAT"] {
            guard let format = LogFormat(rawValue: text.lowercased()) else {
                throw Invalid(description: "LOG_FORMAT must be text or json, got '\(text)'")
            }
            logFormat = format
        }
        if let value = try integer("RETENTION_WEBHOOK_DAYS", 1...3650) { retentionWebhookDays = value }
        if let value = try integer("MAINTENANCE_INTERVAL_SECONDS", 1...86_400) { maintenanceIntervalSeconds = value }
        if let value = try integer("SHUTDOWN_TIMEOUT_SECONDS", 1...3600) { shutdownTimeoutSeconds = value }
        if let value = try integer("BCRYPT_COST", 4...31) { bcryptCost = UInt8(value) }
        if let value = try integer("HTTP_IDLE_TIMEOUT_SECONDS", 1...3600) { httpIdleTimeoutSeconds = value }
        if let value = try integer("HTTP_MAX_CONNECTIONS", 1...1_000_000) { httpMaxConnections = value }
        if let text = settings["APP_URL"], !text.isEmpty {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil,
                url.query == nil, url.fragment == nil
            else { throw Invalid(description: "APP_URL must be an http(s) URL such as https://calls.example.com, got '\(text)'.") }
            appURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        _ = try DatabaseURL(parsing: databaseURL)
    }
}
