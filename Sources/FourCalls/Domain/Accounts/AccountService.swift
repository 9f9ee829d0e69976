import Foundation
import SQLKit

/// Registration, login and tokens: the rules of CONTRACT section 3 for users.
struct AccountService: Sendable {
    let storage: any Storage
    let hasher: PasswordHasher
    let clock: any AppClock
    /// Resolved tokens (see `AccessCache`); revoking a token posts a notice that drops it.
    var cache: AccessCache? = nil

    struct Registration: Sendable {
        let name: String
        let email: String
        let password: String
    }

    func register(_ registration: Registration) async throws -> (User, token: String) {
        let passwordHash = try await hasher.hash(registration.password)
        let now = clock.now()
        let user = User(
            id: UUID.random(), name: registration.name, email: registration.email,
            emailNormalized: EmailAddress.normalized(registration.email),
            passwordHash: passwordHash, createdAt: now, updatedAt: now)
        do {
            return try await storage.transaction { db in
                let users = UserRepository(db: db)
                if try await users.find(email: registration.email) != nil { throw Self.emailTaken }
                try await users.insert(user)
                let token = try await issue(on: db, userID: user.id, name: "register", abilities: [TokenAbility.all.rawValue], expiresAt: nil, now: now)
                return (user, token.plainText)
            }
        } catch where isUniqueViolation(error) {
            throw Self.emailTaken
        }
    }

    private static let emailTaken = APIError.validation(field: "email", "The email has already been taken.")

    func login(email: String, password: String) async throws -> (User, token: String) {
        let user = try await verify(email: email, password: password)
        let now = clock.now()
        let token = try await storage.transaction { db in
            try await issue(on: db, userID: user.id, name: "login", abilities: [TokenAbility.all.rawValue], expiresAt: nil, now: now)
        }
        return (user, token.plainText)
    }

    /// The user these credentials are; `invalidCredentials` otherwise (the API's login and the
    /// console's sign-in).
    func verify(email: String, password: String) async throws -> User {
        let user = try await storage.read { db in try await UserRepository(db: db).find(email: email) }
        // Verify against a throwaway hash when the user is unknown, so timing does not tell.
        let matches = try await hasher.verify(password, hash: user?.passwordHash ?? hasher.decoyHash)
        guard let user, matches else { throw APIError.invalidCredentials }
        return user
    }

    /// Issues another token for the user; the plain text is shown once.
    func createToken(userID: UUID, name: String, abilities: [String], expiresAt: Date?) async throws -> (APIToken, plainText: String) {
        let now = clock.now()
        return try await storage.transaction { db in
            try await issue(on: db, userID: userID, name: name, abilities: abilities, expiresAt: expiresAt, now: now)
        }
    }

    private func issue(
        on db: any SQLDatabase, userID: UUID, name: String, abilities: [String], expiresAt: Date?, now: Date
    ) async throws -> (APIToken, plainText: String) {
        let secret = TokenSecret.generate()
        let token = APIToken(
            id: UUID.random(), userId: userID, name: name, tokenHash: TokenSecret.hash(secret),
            abilities: APIToken.encodeAbilities(abilities), expiresAt: expiresAt, createdAt: now)
        try await TokenRepository(db: db).insert(token)
        return (token, TokenSecret.plainText(id: token.id, secret: secret))
    }

    /// The principal a bearer token stands for; nil for an unknown, revoked, expired or
    /// malformed token.
    func authenticate(bearer: String) async throws -> Principal? {
        guard let (id, secret) = TokenSecret.parse(bearer) else { return nil }
        let now = clock.now()
        if let cached = cache?.userToken(id) {
            guard TokenSecret.constantTimeEquals(cached.tokenHash, TokenSecret.hash(secret)) else { return nil }
            if let expiresAt = cached.expiresAt, expiresAt <= now { return nil }
            return cached.principal
        }
        let generation = cache?.generation ?? 0
        let found = try await storage.read { db -> AccessCache.UserToken? in
            guard let token = try await TokenRepository(db: db).find(id: id),
                TokenSecret.constantTimeEquals(token.tokenHash, TokenSecret.hash(secret))
            else { return nil }
            guard let user = try await UserRepository(db: db).find(id: token.userId) else { return nil }
            return AccessCache.UserToken(
                tokenHash: token.tokenHash, principal: Principal(user: user, tokenID: token.id, abilities: token.abilityList, expiresAt: token.expiresAt),
                expiresAt: token.expiresAt)
        }
        guard let found else { return nil }
        cache?.store(found, id: id, generation: generation)
        if let expiresAt = found.expiresAt, expiresAt <= now { return nil }
        return found.principal
    }

    func tokens(userID: UUID, page: PageRequest) async throws -> Paged<APIToken> {
        try await storage.read { db in try await TokenRepository(db: db).list(userID: userID, page: page) }
    }

    /// Changes the password after checking the current one (422 on `current_password`
    /// when it is wrong) and revokes every other token of the user.
    func changePassword(_ principal: Principal, current: String, new password: String) async throws {
        let user = try await storage.read { db in try await UserRepository(db: db).find(id: principal.userID) }
        guard let user, try await hasher.verify(current, hash: user.passwordHash) else {
            throw APIError.validation(field: "current_password", "The current password is incorrect.")
        }
        let hash = try await hasher.hash(password)
        let now = clock.now()
        try await storage.transaction { db in
            try await UserRepository(db: db).updatePassword(userID: user.id, hash: hash, now: now)
            try await TokenRepository(db: db).deleteAll(userID: user.id, keeping: principal.tokenID)
            ChangeNotices.post(.userTokens(user: user.id))
        }
    }

    /// Revokes every token of the user, the one in use included ("sign out everywhere").
    func revokeAll(userID: UUID) async throws {
        try await storage.transaction { db in
            try await TokenRepository(db: db).deleteAll(userID: userID)
            ChangeNotices.post(.userTokens(user: userID))
        }
    }

    /// Revokes one of the user's tokens; 404 when the user has no such token.
    func revoke(tokenID: UUID, userID: UUID) async throws {
        let deleted = try await storage.transaction { db in
            ChangeNotices.post(.userToken(tokenID))
            return try await TokenRepository(db: db).delete(id: tokenID, userID: userID)
        }
        if !deleted { throw APIError.notFound("Token not found.") }
    }
}
