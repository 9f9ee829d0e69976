import Foundation
import Logging

/// What the operator commands (`fourcalls user create`, `token create`, `demo`) work with:
/// the database of the configuration, migrated and seeded as the server would, and the
/// application's own services.
public struct OperatorTools: Sendable {
    let storage: any Storage
    let hasher: PasswordHasher
    let clock: any AppClock
    let configuration: AppConfiguration

    /// Opens the database, migrates it, runs `body`, then closes everything.
    public static func with<T: Sendable>(
        _ configuration: AppConfiguration, _ body: @Sendable (OperatorTools) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "fourcalls", factory: configuration.makeLogHandler)
        logger.logLevel = max(configuration.logLevel, .notice)
        let storage = try await openStorage(DatabaseURL(parsing: configuration.databaseURL), logger: logger)
        let hasher = PasswordHasher(cost: configuration.bcryptCost)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for service in storage.services {
                group.addTask { try await service.run() }
            }
            do {
                try await Migrator(storage: storage, clock: configuration.clock, logger: logger).migrate()
                try await storage.transaction { db in try await TemplateRepository(db: db).seed(now: configuration.clock.now()) }
                let result = try await body(OperatorTools(storage: storage, hasher: hasher, clock: configuration.clock, configuration: configuration))
                group.cancelAll()
                await storage.shutdown()
                await hasher.shutdown()
                return result
            } catch {
                group.cancelAll()
                await storage.shutdown()
                await hasher.shutdown()
                throw error
            }
        }
    }

    /// A new user and a first token (abilities `*`), by the API's rules: a valid e-mail not
    /// taken, a password of at least 8 characters.
    public func createUser(name: String, email: String, password: String) async throws -> (userID: String, token: String) {
        var fields = FieldReader(["name": .string(name), "email": .string(email), "password": .string(password)])
        let checked = AuthInput.registration(&fields)
        try fields.validate()
        guard let checked else { throw APIError.internalError }
        let (user, token) = try await AccountService(storage: storage, hasher: hasher, clock: clock).register(checked)
        return (user.id.api, token)
    }

    /// Another token for an existing user, checked like `POST /api/auth/tokens`.
    public func createToken(email: String, name: String, abilities: [String], expiresAt: String?) async throws -> String {
        let user = try await storage.read { db in try await UserRepository(db: db).find(email: email) }
        guard let user else { throw APIError.notFound("No user with the e-mail \(email).") }
        var object: [String: JSONValue] = ["name": .string(name), "abilities": .array(abilities.map(JSONValue.string))]
        if let expiresAt { object["expires_at"] = .string(expiresAt) }
        var fields = FieldReader(object)
        let wanted = AuthInput.token(&fields, now: clock.now())
        try fields.validate()
        guard let wanted else { throw APIError.internalError }
        return try await AccountService(storage: storage, hasher: hasher, clock: clock)
            .createToken(userID: user.id, name: wanted.name, abilities: wanted.abilities, expiresAt: wanted.expiresAt).plainText
    }
}
