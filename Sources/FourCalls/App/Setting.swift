import Foundation
import Logging

/// One server setting, declared once: its name (the environment variable; the command line's
/// flag is the same in lowercase with dashes), what it means, its default, and how a value is
/// checked and applied. `AppConfiguration.apply`, the command line, its help and the README's
/// table (checked by a test) all read `Setting.all`; defaults are `AppConfiguration`'s own.
public struct Setting: Sendable {
    public let name: String
    public let meaning: String
    /// The default as people read it.
    public let defaultText: String
    /// Whether the command line takes it as a flag (`BCRYPT_COST` is read from the environment only).
    public let isFlag: Bool
    let apply: @Sendable (inout AppConfiguration, String) throws -> Void

    /// `--rate-limit-ai` for `RATE_LIMIT_AI`.
    public var flag: String { "--" + name.lowercased().replacingOccurrences(of: "_", with: "-") }

    /// The line `--help` shows for it.
    public var helpLine: String {
        "\(isFlag ? flag + " / " : "")\(name) (default \(defaultText)): \(meaning)"
    }

    static func invalid(_ name: String, _ expected: String, _ text: String) -> AppConfiguration.Invalid {
        AppConfiguration.Invalid(description: "\(name) must be \(expected), got '\(text)'")
    }

    /// An integer in `range`.
    static func integer<Value: BinaryInteger & Sendable>(
        _ name: String, _ meaning: String, _ range: ClosedRange<Int>, _ keyPath: WritableKeyPath<AppConfiguration, Value> & Sendable,
        isFlag: Bool = true
    ) -> Setting {
        Setting(name: name, meaning: meaning, defaultText: "\(AppConfiguration()[keyPath: keyPath])", isFlag: isFlag) { configuration, text in
            guard let value = Int(text), range.contains(value) else {
                throw invalid(name, "an integer in \(range.lowerBound)...\(range.upperBound)", text)
            }
            configuration[keyPath: keyPath] = Value(value)
        }
    }

    /// `true` or `false` (also `1`/`0`, `yes`/`no`); an empty value leaves the default.
    static func boolean(_ name: String, _ meaning: String, _ keyPath: WritableKeyPath<AppConfiguration, Bool> & Sendable) -> Setting {
        Setting(name: name, meaning: meaning, defaultText: "\(AppConfiguration()[keyPath: keyPath])", isFlag: true) { configuration, text in
            switch text.lowercased() {
            case "": break
            case "true", "1", "yes": configuration[keyPath: keyPath] = true
            case "false", "0", "no": configuration[keyPath: keyPath] = false
            default: throw invalid(name, "true or false", text)
            }
        }
    }

    /// Text; an empty value leaves the default.
    static func text(
        _ name: String, _ meaning: String, default defaultText: String, isFlag: Bool = true,
        _ apply: @escaping @Sendable (inout AppConfiguration, String) throws -> Void
    ) -> Setting {
        Setting(name: name, meaning: meaning, defaultText: defaultText, isFlag: isFlag) { configuration, text in
            guard !text.isEmpty else { return }
            try apply(&configuration, text)
        }
    }

    /// Every setting, in the order the README lists them (CONTRACT section 9's names).
    public static let all: [Setting] = [
        .integer("PORT", "Port to listen on.", 0...65535, \.port),
        .text("HOST", "Address to bind; 0.0.0.0 listens everywhere.", default: AppConfiguration().host) { $0.host = $1 },
        .text(
            "DATABASE_URL", "sqlite://FILE, sqlite://:memory: or postgres://user:pass@host:5432/db (with libpq's sslmode).",
            default: AppConfiguration().databaseURL
        ) { configuration, text in
            _ = try DatabaseURL(parsing: text)
            configuration.databaseURL = text
        },
        .integer("DATABASE_POOL_SIZE", "PostgreSQL connections one instance holds at most; a quarter of them form the pool of heavy reads.", 1...1000, \.databasePoolSize),
        .text(
            "APP_KEY", "Base64 of 32 bytes encrypting secrets at rest (generated beside the SQLite file when absent; required with PostgreSQL).",
            default: "generated"
        ) { $0.appKey = $1 },
        .boolean("WEBHOOK_ALLOW_PRIVATE_NETWORKS", "Allow webhook URLs on loopback and private networks.", \.webhookAllowPrivateNetworks),
        .integer("RATE_LIMIT_STANDARD", "Requests per minute per token.", 1...1_000_000_000, \.rateLimitStandard),
        .integer("RATE_LIMIT_BULK", "Bulk operations per minute per token.", 1...1_000_000_000, \.rateLimitBulk),
        .integer("RATE_LIMIT_AI", "AI agent API requests per minute per agent token.", 1...1_000_000_000, \.rateLimitAI),
        .integer("RATE_LIMIT_AUTH", "Login and register attempts per minute per client address.", 1...1_000_000_000, \.rateLimitAuth),
        .boolean("RATE_LIMIT_ENABLED", "false turns rate limiting off, to measure its cost; never in production.", \.rateLimitEnabled),
        .text(
            "LOG_LEVEL", "trace, debug, info, notice, warning, error or critical.", default: AppConfiguration().logLevel.rawValue
        ) { configuration, text in
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw invalid("LOG_LEVEL", "one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))", text)
            }
            configuration.logLevel = level
        },
        .text("LOG_FORMAT", "text, or json: one JSON object per line.", default: AppConfiguration().logFormat.rawValue) { configuration, text in
            guard let format = AppConfiguration.LogFormat(rawValue: text.lowercased()) else { throw invalid("LOG_FORMAT", "text or json", text) }
            configuration.logFormat = format
        },
        .integer("RETENTION_WEBHOOK_DAYS", "Days delivered webhook deliveries and their attempt logs are kept.", 1...3650, \.retentionWebhookDays),
        .integer(
            "MAINTENANCE_INTERVAL_SECONDS", "Seconds between sweeps of expired tokens, keys, windows and old deliveries.", 1...86_400,
            \.maintenanceIntervalSeconds),
        .integer(
            "SHUTDOWN_TIMEOUT_SECONDS", "Seconds in-flight requests and webhook attempts may take to finish on SIGTERM/SIGINT.", 1...3600,
            \.shutdownTimeoutSeconds),
        .integer("BCRYPT_COST", "bcrypt work factor for passwords.", 4...31, \.bcryptCost, isFlag: false),
        .integer(
            "HTTP_IDLE_TIMEOUT_SECONDS", "Seconds before a connection without a whole request head is closed.", 1...3600, \.httpIdleTimeoutSeconds),
        .integer("HTTP_MAX_CONNECTIONS", "Open HTTP connections at most.", 1...1_000_000, \.httpMaxConnections),
        .text("APP_URL", "The server's public base URL, for the URLs in tool manifests.", default: "request's host") { configuration, text in
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil,
                url.query == nil, url.fragment == nil
            else { throw AppConfiguration.Invalid(description: "APP_URL must be an http(s) URL such as https://calls.example.com, got '\(text)'.") }
            configuration.appURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        },
    ]
}
