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
    /// How long one webhook attempt may take (CONTRACT section 6: 10 s; tests lengthen it).
    var webhookAttemptTimeout: Duration = .seconds(10)
    /// How long a live event stream stays quiet before a keep-alive comment (CONTRACT section 11: 15 s).
    var eventStreamKeepAlive: Duration = .seconds(15)
    /// Replaces DNS for webhook hosts (tests: a name that answers differently each time).
    var webhookResolver: (@Sendable (String) async throws -> [WebhookURLGuard.Address])?

    public init() {}

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// The names of the environment variables, in the order the README lists them.
    public static var environmentNames: [String] { Setting.all.map(\.name) }

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
    /// that flags win), as `Setting.all` declares them. Unknown names are ignored; bad values
    /// are an error naming the setting.
    public mutating func apply(_ settings: [String: String]) throws {
        for setting in Setting.all {
            if let text = settings[setting.name] { try setting.apply(&self, text) }
        }
    }
}
