import Foundation

/// The key that encrypts secrets at rest (webhook secrets). From `APP_KEY` (base64 of 32
/// bytes); when absent with SQLite it is generated once and kept beside the database file
/// (`<file>.key`); PostgreSQL deployments share one database, so they must set it.
enum AppKey {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func resolve(configured: String?, database: DatabaseURL) throws -> [UInt8] {
        if let configured {
            guard let data = Data(base64Encoded: configured), data.count == 32 else {
                throw Missing(description: "APP_KEY must be the base64 encoding of 32 random bytes (try: openssl rand -base64 32)")
            }
            return Array(data)
        }
        switch database {
        case .sqliteMemory:
            return random()
        case .postgres:
            throw Missing(description: "APP_KEY is required with PostgreSQL (every instance must share it): openssl rand -base64 32")
        case .sqliteFile(let path):
            let keyPath = path + ".key"
            // A key file that is there but cannot be read is never replaced: the secrets
            // stored under it would be lost.
            if FileManager.default.fileExists(atPath: keyPath) {
                guard let text = try? String(contentsOfFile: keyPath, encoding: .utf8) else {
                    throw Missing(description: "\(keyPath) cannot be read: it holds the key of the secrets stored in \(path)")
                }
                guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
                    throw Missing(description: "\(keyPath) does not hold a base64 32-byte key")
                }
                return Array(data)
            }
            let key = random()
            // A key that is not kept would make every secret stored with it unreadable after a restart.
            guard
                FileManager.default.createFile(
                    atPath: keyPath, contents: Data((Data(key).base64EncodedString() + "\n").utf8),
                    attributes: [.posixPermissions: 0o600])
            else {
                throw Missing(description: "\(keyPath) could not be written: set APP_KEY, or let the server write beside its database")
            }
            return key
        }
    }

    private static func random() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
