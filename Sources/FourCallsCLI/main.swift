import ArgumentParser
import FourCalls
import Foundation
import Hummingbird

/// Settings shared by the subcommands: each flag overrides the environment variable of the
/// same name, which overrides the default.
struct ServerOptions: ParsableArguments {
    @Option(help: "Port to listen on (PORT, default 8000).") var port: Int?
    @Option(help: "Address to bind (HOST, default 127.0.0.1; 0.0.0.0 listens everywhere).") var host: String?
    @Option(help: "sqlite://FILE, sqlite://:memory: or postgres://user:pass@host:5432/db (DATABASE_URL, default sqlite://fourcalls.sqlite).")
    var databaseURL: String?
    @Option(help: "PostgreSQL connections this instance holds at most (DATABASE_POOL_SIZE, default 16).")
    var databasePoolSize: Int?
    @Option(help: "Base64 32-byte key encrypting secrets at rest (APP_KEY; generated beside the SQLite file when absent).")
    var appKey: String?
    @Option(help: "Allow webhook URLs on private networks: true or false (WEBHOOK_ALLOW_PRIVATE_NETWORKS, default false).")
    var webhookAllowPrivateNetworks: String?
    @Option(help: "Requests per minute per token (RATE_LIMIT_STANDARD, default 100).") var rateLimitStandard: Int?
    @Option(help: "Bulk operations per minute per token (RATE_LIMIT_BULK, default 10).") var rateLimitBulk: Int?
    @Option(help: "AI agent API requests per minute per agent token (RATE_LIMIT_AI, default 200).") var rateLimitAi: Int?
    @Option(help: "Login and register attempts per minute per client address (RATE_LIMIT_AUTH, default 10).") var rateLimitAuth: Int?
    @Option(help: "Turn rate limiting off with false, to measure its cost (RATE_LIMIT_ENABLED, default true).") var rateLimitEnabled: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical (LOG_LEVEL, default info).") var logLevel: String?
    @Option(help: "text or json: one JSON object per log line (LOG_FORMAT, default text).") var logFormat: String?
    @Option(help: "Days delivered webhook deliveries and their attempts are kept (RETENTION_WEBHOOK_DAYS, default 30).")
    var retentionWebhookDays: Int?
    @Option(help: "Seconds between sweeps of expired tokens, keys and old deliveries (MAINTENANCE_INTERVAL_SECONDS, default 600).")
    var maintenanceIntervalSeconds: Int?
    @Option(help: "Seconds in-flight work may take to finish on SIGTERM/SIGINT (SHUTDOWN_TIMEOUT_SECONDS, default 30).")
    var shutdownTimeoutSeconds: Int?
    @Option(help: "Seconds before a connection without a whole request head is closed (HTTP_IDLE_TIMEOUT_SECONDS, default 30).")
    var httpIdleTimeoutSeconds: Int?
    @Option(help: "Open HTTP connections at most (HTTP_MAX_CONNECTIONS, default 4096).")
    var httpMaxConnections: Int?
    @Option(help: "The server's public base URL, for the URLs in tool manifests (APP_URL; default: the request's host).")
    var appUrl: String?

    func configuration() throws -> AppConfiguration {
        var configuration = AppConfiguration()
        var settings = ProcessInfo.processInfo.environment.filter { AppConfiguration.environmentNames.contains($0.key) }
        let flags: [String: String?] = [
            "PORT": port.map(String.init), "HOST": host, "DATABASE_URL": databaseURL,
            "DATABASE_POOL_SIZE": databasePoolSize.map(String.init), "APP_KEY": appKey,
            "WEBHOOK_ALLOW_PRIVATE_NETWORKS": webhookAllowPrivateNetworks,
            "RATE_LIMIT_STANDARD": rateLimitStandard.map(String.init), "RATE_LIMIT_BULK": rateLimitBulk.map(String.init),
            "RATE_LIMIT_AI": rateLimitAi.map(String.init), "RATE_LIMIT_AUTH": rateLimitAuth.map(String.init),
            "RATE_LIMIT_ENABLED": rateLimitEnabled,
            "LOG_LEVEL": logLevel, "LOG_FORMAT": logFormat,
            "RETENTION_WEBHOOK_DAYS": retentionWebhookDays.map(String.init),
            "MAINTENANCE_INTERVAL_SECONDS": maintenanceIntervalSeconds.map(String.init),
            "SHUTDOWN_TIMEOUT_SECONDS": shutdownTimeoutSeconds.map(String.init),
            "HTTP_IDLE_TIMEOUT_SECONDS": httpIdleTimeoutSeconds.map(String.init),
            "HTTP_MAX_CONNECTIONS": httpMaxConnections.map(String.init),
            "APP_URL": appUrl,
        ]
        for case let (name, value?) in flags { settings[name] = value }
        do {
            try configuration.apply(settings)
        } catch {
            throw ValidationError("\(error)")
        }
        return configuration
    }
}

@main
struct FourCallsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fourcalls",
        abstract: "4Calls: the server for AI calling coordinators.",
        subcommands: [Serve.self, Migrate.self, Demo.self, UserCommand.self, TokenCommand.self],
        defaultSubcommand: Serve.self)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Migrate the database and serve the API (the default command).")
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runServer(try options.configuration())
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")
    @OptionGroup var options: ServerOptions

    func run() async throws {
        let applied = try await runMigrations(try options.configuration())
        print(applied.isEmpty ? "Database schema is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", "))")
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill the database with a demo dental clinic, print how to use it, then serve.",
        discussion: """
            Creates an owner, the organization "Bright Smiles Dental" with coordinators, 500 contacts, appointments \
            over the next three weeks, a month of calls, a recall campaign under way, FAQs, a poll, an AI agent and a \
            webhook to http://127.0.0.1:9000/webhooks/4calls. Use a fresh database: \
            fourcalls demo --database-url sqlite://demo.sqlite
            """)
    @OptionGroup var options: ServerOptions
    @Flag(help: "Only fill the database; do not serve afterwards.") var noServe = false

    func run() async throws {
        var configuration = try options.configuration()
        // The demo's webhook points at a local receiver.
        configuration.webhookAllowPrivateNetworks = true
        let summary = try await OperatorTools.with(configuration) { try await $0.seedDemo() }
        let base = "http://\(configuration.host):\(configuration.port)"
        print("""
            4Calls demo ready: Bright Smiles Dental (\(summary.contacts) contacts, \(summary.appointments) upcoming \
            appointments, \(summary.calls) calls, \(summary.campaignCallsMade) recall campaign calls made).

              owner:        \(summary.email) / \(summary.password)
              token:        \(summary.token)
              organization: \(summary.organizationID)
              AI agent:     \(summary.agentID) (api key \(summary.agentKey))

            Try:
              curl -H "Authorization: Bearer \(summary.token)" \(base)/api/coordinator/organizations/\(summary.organizationID)/dashboard/metrics
              open \(base)/api/docs
            """)
        if !noServe { try await runServer(configuration) }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user and print its first API token.")
        @OptionGroup var options: ServerOptions
        @Option(help: "The user's name.") var name: String
        @Option(help: "The user's e-mail (unique).") var email: String
        @Option(help: "At least 8 characters (prefer FOURCALLS_PASSWORD in the environment, kept out of shell history).")
        var password: String?

        func run() async throws {
            guard let password = password ?? ProcessInfo.processInfo.environment["FOURCALLS_PASSWORD"] else {
                throw ValidationError("Give --password or FOURCALLS_PASSWORD.")
            }
            let created = try await operatorCall(options) { try await $0.createUser(name: name, email: email, password: password) }
            print("Created user \(created.userID).")
            print(created.token)
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue an API token for a user and print it (shown once).")
        @OptionGroup var options: ServerOptions
        @Option(help: "The e-mail of the user the token is for.") var email: String
        @Option(help: "A name for the token.") var name = "cli"
        @Option(parsing: .upToNextOption, help: "Abilities: *, read, write (default *).") var abilities: [String] = ["*"]
        @Option(help: "RFC 3339 expiry, e.g. 2027-01-01T00:00:00Z (default: never).") var expiresAt: String?

        func run() async throws {
            let token = try await operatorCall(options) {
                try await $0.createToken(email: email, name: name, abilities: abilities, expiresAt: expiresAt)
            }
            print(token)
        }
    }
}

/// Runs operator work, turning the API's errors into readable command-line failures.
func operatorCall<T: Sendable>(_ options: ServerOptions, _ body: @Sendable (OperatorTools) async throws -> T) async throws -> T {
    do {
        return try await OperatorTools.with(try options.configuration(), body)
    } catch let error as APIError {
        FileHandle.standardError.write(Data("Error: \(error.commandLineDescription)\n".utf8))
        throw ExitCode.failure
    }
}
