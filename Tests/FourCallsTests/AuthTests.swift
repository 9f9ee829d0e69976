import Foundation
import SQLKit
import Testing
@testable import FourCalls

@Suite("Accounts and tokens")
struct AuthTests {
    /// `BearerToken` trims without Foundation's string bridge; it must read every header as
    /// the split-and-`trimmingCharacters(in: .whitespaces)` it replaced did.
    @Test
    func bearerTokensReadAsBeforeWithoutFoundationsTrim() {
        func before(_ header: String) -> String? {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            return String(parts[1]).trimmingCharacters(in: .whitespaces)
        }
        let pieces = ["Bearer", "bearer", "BEARER", "Basic", " ", "  ", "\t", "\u{A0}", "\u{3000}", "\u{200B}", "\u{301}", "é", "x", "id|secret", "|", "\n"]
        var random = JSONWriterTests.Seeded(state: 5)
        var headers = ["Bearer abc", "bearer \tabc \t", "Bearer", "Bearer ", "Bearer   ", "Basic abc", "Bearer a b", " Bearer abc", "Bearer \u{A0}abc\u{3000}"]
        for _ in 0..<3_000 {
            headers.append((0..<Int.random(in: 1...5, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined())
        }
        for header in headers {
            #expect(BearerToken.parse(header) == before(header), "\(Array(header.unicodeScalars))")
        }
    }

    @Test(arguments: Engine.enabled)
    func registerReturnsTokenAndUser(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let response = try await api.call(
                .post, "/api/auth/register", json: #"{"name": "Ada Lovelace", "email": "Ada@Example.com", "password": "correct horse"}"#)
            #expect(response.status == .created)
            let token = try #require(response["token"]?.string)
            let parts = token.split(separator: "|")
            #expect(parts.count == 2)
            #expect(UUID(uuidString: String(parts[0])) != nil)
            #expect(parts[0] == parts[0].lowercased())
            #expect(parts.last.map(\.count).map { $0 >= 40 } == true)
            let user = try #require(response["user"])
            #expect(user["name"]?.string == "Ada Lovelace")
            #expect(user["email"]?.string == "Ada@Example.com")
            #expect(user.keys == ["id", "name", "email", "created_at", "updated_at"])
            #expect(user["created_at"]?.string?.hasSuffix("Z") == true)

            let me = try await api.call(.get, "/api/auth/me", token: token)
            #expect(me.status == .ok)
            #expect(me["id"] == user["id"])
        }
    }

    @Test(arguments: Engine.enabled)
    func registerValidatesEveryField(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let empty = try await api.call(.post, "/api/auth/register", json: "{}")
            #expect(empty.status == .unprocessableContent)
            #expect(empty["code"]?.string == "VALIDATION_ERROR")
            #expect(fieldErrors(empty, "name") == ["The name field is required."])
            #expect(fieldErrors(empty, "email") == ["The email field is required."])
            #expect(fieldErrors(empty, "password") == ["The password field is required."])

            let bad = try await api.call(
                .post, "/api/auth/register", json: #"{"name": 42, "email": "not-an-email", "password": "short"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(fieldErrors(bad, "name") == ["The name field must be a string."])
            #expect(fieldErrors(bad, "email") == ["The email field must be a valid email address."])
            #expect(fieldErrors(bad, "password") == ["The password field must be at least 8 characters."])
        }
    }

    @Test(arguments: Engine.enabled)
    func emailsAreUniqueIgnoringCase(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            _ = try await api.register(email: "grace@example.com")
            let again = try await api.call(
                .post, "/api/auth/register", json: #"{"name": "Grace", "email": "GRACE@example.com", "password": "password123"}"#)
            #expect(again.status == .unprocessableContent)
            #expect(fieldErrors(again, "email") == ["The email has already been taken."])
        }
    }

    @Test(arguments: Engine.enabled)
    func loginChecksThePassword(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (_, userID) = try await api.register(email: "ada@example.com", password: "correct horse")
            let login = try await api.call(.post, "/api/auth/login", json: #"{"email": "ADA@example.com", "password": "correct horse"}"#)
            #expect(login.status == .ok)
            #expect(login["user"]?["id"]?.string == userID)
            let token = try #require(login["token"]?.string)
            #expect(try await api.call(.get, "/api/auth/me", token: token).status == .ok)

            let wrong = try await api.call(.post, "/api/auth/login", json: #"{"email": "ada@example.com", "password": "battery staple"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(wrong["code"]?.string == "INVALID_CREDENTIALS")
            let unknown = try await api.call(.post, "/api/auth/login", json: #"{"email": "nobody@example.com", "password": "whatever1"}"#)
            #expect(unknown.status == .unauthorized)
            #expect(unknown["code"]?.string == "INVALID_CREDENTIALS")
            let missing = try await api.call(.post, "/api/auth/login", json: #"{"email": "ada@example.com"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(fieldErrors(missing, "password") == ["The password field is required."])
        }
    }

    @Test(arguments: Engine.enabled)
    func missingOrBadTokensAre401(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            let tampered = String(token.dropLast()) + (token.last == "X" ? "Y" : "X")
            for bad in [nil, "garbage", "\(UUID().api)|nope", tampered] {
                let response = try await api.call(.get, "/api/auth/me", token: bad)
                #expect(response.status == .unauthorized)
                #expect(response["code"]?.string == "UNAUTHENTICATED")
            }
            let organizations = try await api.call(.get, "/api/coordinator/organizations")
            #expect(organizations.status == .unauthorized)
        }
    }

    @Test(arguments: Engine.enabled)
    func logoutRevokesOnlyTheTokenInUse(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (first, _) = try await api.register(email: "ada@example.com", password: "correct horse")
            let login = try await api.call(.post, "/api/auth/login", json: #"{"email": "ada@example.com", "password": "correct horse"}"#)
            let second = try #require(login["token"]?.string)
            let logout = try await api.call(.post, "/api/auth/logout", token: first)
            #expect(logout.status == .noContent)
            #expect(logout.text.isEmpty)
            let after = try await api.call(.get, "/api/auth/me", token: first)
            #expect(after.status == .unauthorized)
            #expect(after["code"]?.string == "UNAUTHENTICATED")
            #expect(try await api.call(.get, "/api/auth/me", token: second).status == .ok)
        }
    }

    @Test(arguments: Engine.enabled)
    func readOnlyTokenCannotWrite(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            let orgID = try await api.createOrganization(token: token)
            let created = try await api.call(.post, "/api/auth/tokens", token: token, json: #"{"name": "reporting", "abilities": ["read"]}"#)
            #expect(created.status == .created)
            #expect(created["abilities"] == .array([.string("read")]))
            #expect(created["expires_at"] == .null)
            let readOnly = try #require(created["token"]?.string)

            #expect(try await api.call(.get, "/api/coordinator/organizations/\(orgID)", token: readOnly).status == .ok)
            let write = try await api.call(.post, "/api/coordinator/organizations", token: readOnly, json: #"{"name": "Nope"}"#)
            #expect(write.status == .forbidden)
            #expect(write["code"]?.string == "FORBIDDEN")
            let update = try await api.call(.put, "/api/coordinator/organizations/\(orgID)", token: readOnly, json: #"{"name": "Nope"}"#)
            #expect(update.status == .forbidden)
            let escalate = try await api.call(.post, "/api/auth/tokens", token: readOnly, json: #"{"name": "sneaky"}"#)
            #expect(escalate.status == .forbidden)
            let list = try await api.call(.get, "/api/coordinator/organizations", token: token)
            #expect(list["total"]?.int == 1)
        }
    }

    @Test(arguments: Engine.enabled)
    func tokensAreListedWithoutSecretsAndRevocable(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            let extra = try await api.call(.post, "/api/auth/tokens", token: token, json: #"{"name": "ci"}"#)
            #expect(extra["abilities"] == .array([.string("*")]))
            let extraID = try #require(extra["id"]?.string)
            let extraToken = try #require(extra["token"]?.string)

            let list = try await api.call(.get, "/api/auth/tokens", token: token)
            #expect(list.status == .ok)
            #expect(list["total"]?.int == 2)
            #expect(list["data"]?.array?.allSatisfy { $0["token"] == nil } == true)
            #expect(!list.text.contains(String(extraToken.split(separator: "|")[1])))

            #expect(try await api.call(.delete, "/api/auth/tokens/\(extraID)", token: token).status == .noContent)
            #expect(try await api.call(.get, "/api/auth/me", token: extraToken).status == .unauthorized)
            let again = try await api.call(.delete, "/api/auth/tokens/\(extraID)", token: token)
            #expect(again.status == .notFound)
            #expect(again["code"]?.string == "NOT_FOUND")
        }
    }

    @Test(arguments: Engine.enabled)
    func tokenValidation(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            let response = try await api.call(
                .post, "/api/auth/tokens", token: token,
                json: #"{"abilities": ["read", "admin"], "expires_at": "2001-01-01T00:00:00Z"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(fieldErrors(response, "name") == ["The name field is required."])
            #expect(fieldErrors(response, "abilities.1").count == 1)
            #expect(fieldErrors(response, "expires_at") == ["The expires at field must be a time in the future."])
            let badDate = try await api.call(.post, "/api/auth/tokens", token: token, json: #"{"name": "x", "expires_at": "tomorrow"}"#)
            #expect(fieldErrors(badDate, "expires_at").count == 1)
        }
    }

    @Test(arguments: Engine.enabled)
    func expiredTokensAre401(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2026-09-01T12:00:00Z")!)
        try await withTestApp(engine, clock: clock) { api in
            let (token, _) = try await api.register()
            let created = try await api.call(
                .post, "/api/auth/tokens", token: token, json: #"{"name": "short", "expires_at": "2027-01-15T09:00:00+01:00"}"#)
            #expect(created.status == .created)
            #expect(created["expires_at"]?.string == "2027-01-15T08:00:00Z")
            let shortLived = try #require(created["token"]?.string)
            #expect(try await api.call(.get, "/api/auth/me", token: shortLived).status == .ok)
            clock.set(Timestamps.parse("2027-01-15T08:00:00Z")!)
            #expect(try await api.call(.get, "/api/auth/me", token: shortLived).status == .unauthorized)
            #expect(try await api.call(.get, "/api/auth/me", token: token).status == .ok)
        }
    }

    @Test(arguments: Engine.enabled)
    func onlyHashesOfSecretsAreStored(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, userID) = try await api.register(password: "correct horse")
            let secret = String(token.split(separator: "|")[1])
            let storage = try await openStorage(DatabaseURL(parsing: api.databaseURL), logger: .init(label: "test"))
            let task = Task { for service in storage.services { try await service.run() } }
            let rows = try await storage.read { db in
                try await db.raw("SELECT token_hash FROM api_tokens").all(decodingColumn: "token_hash", as: String.self)
            }
            let passwordHash = try await storage.read { db in
                try await UserRepository(db: db).find(id: UUID(uuidString: userID)!)?.passwordHash
            }
            task.cancel()
            await storage.shutdown()
            #expect(rows == [TokenSecret.hash(secret)])
            #expect(!rows.contains(secret))
            #expect(passwordHash?.hasPrefix("$2") == true)
            #expect(passwordHash?.contains("correct horse") == false)
        }
    }
}
