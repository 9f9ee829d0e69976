import Crypto
import Foundation

/// A sign-in to the operator console (CONTRACT section 11). The browser holds
/// `{id}|{secret}` in an `HttpOnly` cookie; the database holds the secret's hash. A session
/// ends at sign-out or after `idleLimit` without a request.
struct ConsoleSession: Codable, Sendable {
    let id: UUID
    let userId: UUID
    let secretHash: String
    let createdAt: Date
    var lastSeenAt: Date

    static let idleLimit: TimeInterval = 12 * 3600

    /// Whether the session is still within its idle limit at `now`.
    func isLive(at now: Date) -> Bool { now.timeIntervalSince(lastSeenAt) < Self.idleLimit }

    /// The session's CSRF token, sent with every form: derived from what only the server
    /// keeps (the secret's hash), so it needs no storage and a page of another site cannot
    /// know it.
    var csrfToken: String {
        let code = HMAC<SHA256>.authenticationCode(for: Array("console-csrf".utf8), using: SymmetricKey(data: Array(secretHash.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}

/// Signs people in and out of the console and finds who a cookie belongs to.
struct ConsoleSessions: Sendable {
    let storage: any Storage
    let clock: any AppClock
    let accounts: AccountService

    /// A request more than this long after the last one moves `lastSeenAt` (one write a
    /// minute per session at most).
    static let touchInterval: TimeInterval = 60

    /// Signs the user in: the session and the cookie value for it. `invalidCredentials` for
    /// a wrong e-mail or password.
    func signIn(email: String, password: String) async throws -> (ConsoleSession, cookie: String) {
        let user = try await accounts.verify(email: email, password: password)
        let secret = TokenSecret.generate()
        let now = clock.now()
        let session = ConsoleSession(id: UUID.random(), userId: user.id, secretHash: TokenSecret.hash(secret), createdAt: now, lastSeenAt: now)
        try await storage.transaction { db in try await ConsoleSessionRepository(db: db).insert(session) }
        return (session, TokenSecret.plainText(id: session.id, secret: secret))
    }

    /// The live session and user of a cookie value; nil when it names none, or one that ended
    /// or went idle. `touched` says the session's idle clock was restarted.
    func resolve(cookie: String) async throws -> (session: ConsoleSession, user: User, touched: Bool)? {
        guard let (id, secret) = TokenSecret.parse(cookie) else { return nil }
        let now = clock.now()
        let found = try await storage.read { db -> (ConsoleSession, User)? in
            guard let session = try await ConsoleSessionRepository(db: db).find(id: id),
                TokenSecret.constantTimeEquals(session.secretHash, TokenSecret.hash(secret)),
                let user = try await UserRepository(db: db).find(id: session.userId)
            else { return nil }
            return (session, user)
        }
        guard let found, found.0.isLive(at: now) else { return nil }
        var session = found.0
        let user = found.1
        guard now.timeIntervalSince(session.lastSeenAt) >= Self.touchInterval else { return (session, user, false) }
        session.lastSeenAt = now
        let touchedID = session.id
        try await storage.transaction { db in try await ConsoleSessionRepository(db: db).touch(id: touchedID, at: now) }
        return (session, user, true)
    }

    /// Whether the session is still signed in and within its idle limit (without touching it).
    func isActive(_ id: UUID) async throws -> Bool {
        let now = clock.now()
        return try await storage.read { db in try await ConsoleSessionRepository(db: db).find(id: id) }?.isLive(at: now) ?? false
    }

    func signOut(_ id: UUID) async throws {
        try await storage.transaction { db in try await ConsoleSessionRepository(db: db).delete(id: id) }
    }
}
