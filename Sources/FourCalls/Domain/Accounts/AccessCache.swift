import Foundation
import NIOConcurrencyHelpers

/// Recently resolved tokens, memberships and organizations, so most requests skip the
/// database round trips of authentication. Every change that could make an entry wrong (a
/// token revoked, an agent deleted, a membership changed, an organization updated or
/// deleted) posts a `ChangeNotice` in its transaction; once it commits, the storage's feed
/// hands it to `apply` in this instance and, on PostgreSQL, through `LISTEN/NOTIFY` in
/// every instance sharing the database (within milliseconds; a listener that reconnects
/// drops everything, having perhaps missed notices).
///
/// A read that raced with a change cannot store what it read: changes bump a generation,
/// and an entry is stored only if the generation is the one seen before the read.
/// Entries also expire after `lifetime` seconds.
final class AccessCache: Sendable {
    struct UserToken: Sendable {
        let tokenHash: String
        let principal: Principal
        let expiresAt: Date?
    }

    struct AgentToken: Sendable {
        let tokenHash: String
        let principal: AgentPrincipal
        let expiresAt: Date
    }

    private struct MembershipKey: Hashable {
        let organizationID: UUID
        let userID: UUID
    }

    private struct Entry<Value: Sendable>: Sendable {
        let value: Value
        let storedAt: ContinuousClock.Instant
    }

    private struct State: Sendable {
        var generation = 0
        var userTokens: [UUID: Entry<UserToken>] = [:]
        var agentTokens: [UUID: Entry<AgentToken>] = [:]
        /// Agents by the SHA-256 of their API key.
        var agentKeys: [String: Entry<AgentPrincipal>] = [:]
        var memberships: [MembershipKey: Entry<Membership>] = [:]
        var organizations: [UUID: Entry<Organization>] = [:]

        var count: Int { userTokens.count + agentTokens.count + agentKeys.count + memberships.count + organizations.count }
    }

    private let state = NIOLockedValueBox(State())
    let lifetime: Duration
    let capacity: Int

    init(lifetime: Duration = .seconds(30), capacity: Int = 20_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The generation to hand back to `store`: read it before reading the database.
    var generation: Int { state.withLockedValue { $0.generation } }

    private func fresh<Value>(_ entry: Entry<Value>?) -> Value? {
        guard let entry, ContinuousClock.now - entry.storedAt < lifetime else { return nil }
        return entry.value
    }

    private func store(_ generation: Int, _ change: (inout State, Entry<Void>) -> Void) {
        state.withLockedValue { state in
            guard state.generation == generation else { return }
            if state.count >= capacity { state = State(generation: state.generation) }
            change(&state, Entry(value: (), storedAt: .now))
        }
    }

    /// Drops entries and moves to the next generation (call after the change is committed).
    private func forget(_ change: (inout State) -> Void) {
        state.withLockedValue { state in
            state.generation += 1
            change(&state)
        }
    }

    /// Drops what `notice` makes stale.
    func apply(_ notice: ChangeNotice) {
        switch notice {
        case .outbox, .events: return
        case .userToken(let id): forget { $0.userTokens[id] = nil }
        case .userTokens(let userID):
            forget { $0.userTokens = $0.userTokens.filter { $0.value.value.principal.userID != userID } }
        case .agent(let agentID):
            forget {
                $0.agentTokens = $0.agentTokens.filter { $0.value.value.principal.agentID != agentID }
                $0.agentKeys = $0.agentKeys.filter { $0.value.value.agentID != agentID }
            }
        case .organization(let id):
            forget { state in
                state.organizations[id] = nil
                state.memberships = state.memberships.filter { $0.key.organizationID != id }
            }
        case .everything: forget { $0 = State(generation: $0.generation) }
        }
    }

    // MARK: User tokens

    func userToken(_ id: UUID) -> UserToken? { fresh(state.withLockedValue { $0.userTokens[id] }) }

    func store(_ token: UserToken, id: UUID, generation: Int) {
        store(generation) { $0.userTokens[id] = Entry(value: token, storedAt: $1.storedAt) }
    }

    // MARK: Agent tokens

    func agentToken(_ id: UUID) -> AgentToken? { fresh(state.withLockedValue { $0.agentTokens[id] }) }

    func store(_ token: AgentToken, id: UUID, generation: Int) {
        store(generation) { $0.agentTokens[id] = Entry(value: token, storedAt: $1.storedAt) }
    }

    func agent(keyHash: String) -> AgentPrincipal? { fresh(state.withLockedValue { $0.agentKeys[keyHash] }) }

    func store(_ principal: AgentPrincipal, keyHash: String, generation: Int) {
        store(generation) { $0.agentKeys[keyHash] = Entry(value: principal, storedAt: $1.storedAt) }
    }

    // MARK: Organizations and memberships

    func membership(organizationID: UUID, userID: UUID) -> Membership? {
        fresh(state.withLockedValue { $0.memberships[MembershipKey(organizationID: organizationID, userID: userID)] })
    }

    func store(_ membership: Membership, userID: UUID, generation: Int) {
        store(generation) {
            $0.memberships[MembershipKey(organizationID: membership.organizationID, userID: userID)] = Entry(value: membership, storedAt: $1.storedAt)
        }
    }

    func organization(_ id: UUID) -> Organization? { fresh(state.withLockedValue { $0.organizations[id] }) }

    func store(_ organization: Organization, generation: Int) {
        store(generation) { $0.organizations[organization.id] = Entry(value: organization, storedAt: $1.storedAt) }
    }
}
