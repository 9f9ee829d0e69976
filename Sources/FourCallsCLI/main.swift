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

    func configuration() throws -> AppConfiguration {
        var configuration = AppConfiguration()
        var settings = ProcessInfo.processInfo.environment.filter { AppConfiguration.environmentNames.contains($0.key) }
        let flags: [String: String?] = [
            "PORT": port.map(String.init), "HOST": host, "DATABASE_URL": databaseURL, "APP_KEY": appKey,
            "WEBHOOK_ALLOW_PRIVATE_NETWORKS": webhookAllowPrivateNetworks,
            "RATE_LIMIT_STANDARD": rateLimitStandard.map(String.init), "RATE_LIMIT_BULK": rateLimitBulk.map(String.init),
            "RATE_LIMIT_AI": rateLimitAi.map(String.init), "RATE_LIMIT_AUTH": rateLimitAuth.map(String.init),
            "RATE_LIMIT_ENABLED": rateLimitEnabled,
            "LOG_LEVEL": logLevel,
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
        subcommands: [Serve.self, Migrate.self],
        defaultSubcommand: Serve.self)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Migrate the database and serve the API (the default command).")
    @OptionGroup var options: ServerOptions

    func run() async throws {
        let app = try await buildApplication(try options.configuration())
        try await app.runService()
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
