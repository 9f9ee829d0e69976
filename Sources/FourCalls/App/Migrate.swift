import Logging

/// `fourcalls migrate`: applies pending migrations and returns the versions applied.
public func runMigrations(_ configuration: AppConfiguration) async throws -> [Int] {
    var logger = Logger(label: "fourcalls")
    logger.logLevel = configuration.logLevel
    let storage = try await openStorage(DatabaseURL(parsing: configuration.databaseURL), logger: logger)
    defer { Task { await storage.shutdown() } }
    return try await withThrowingTaskGroup(of: Void.self) { group in
        for service in storage.services {
            group.addTask { try await service.run() }
        }
        let applied = try await Migrator(storage: storage, clock: configuration.clock, logger: logger).migrate()
        group.cancelAll()
        await storage.shutdown()
        return applied
    }
}
