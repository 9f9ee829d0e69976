import ArgumentParser
import FourCalls
import Foundation
import Hummingbird

/// Settings shared by the subcommands, as `Setting.all` declares them: each flag
/// (`--port 9000` or `--port=9000`) overrides the environment variable of the same name
/// (`PORT`), which overrides the default. `fourcalls --help` lists them.
struct ServerOptions: ParsableArguments {
    @Argument(parsing: .allUnrecognized, help: .hidden) var settings: [String] = []

    /// The settings' help, for the commands' discussion.
    static let help = "Settings (flag / environment variable):\n" + Setting.all.map { "  " + $0.helpLine }.joined(separator: "\n")

    /// The `NAME=value` pairs of the flags given.
    func flags() throws -> [String: String] {
        let byFlag = Dictionary(uniqueKeysWithValues: Setting.all.filter(\.isFlag).map { ($0.flag, $0.name) })
        var found: [String: String] = [:]
        var rest = settings[...]
        while let word = rest.popFirst() {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard let flag = parts.first, let name = byFlag[flag] else {
                throw ValidationError("Unknown option '\(word)'. \(Self.help)")
            }
            if parts.count == 2 {
                found[name] = parts[1]
            } else if let value = rest.popFirst() {
                found[name] = value
            } else {
                throw ValidationError("Missing value for '\(flag)'.")
            }
        }
        return found
    }

    func configuration() throws -> AppConfiguration {
        var configuration = AppConfiguration()
        var settings = ProcessInfo.processInfo.environment.filter { AppConfiguration.environmentNames.contains($0.key) }
        for (name, value) in try flags() { settings[name] = value }
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
        abstract: "Migrate the database and serve the API (the default command).", discussion: ServerOptions.help)
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runServer(try options.configuration())
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.", discussion: ServerOptions.help)
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
