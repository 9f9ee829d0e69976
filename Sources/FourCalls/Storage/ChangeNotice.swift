import Foundation
import NIOConcurrencyHelpers

/// What a committed change tells the rest of the system, in this instance and (on
/// PostgreSQL) in every instance sharing the database: a cache entry went stale, or the
/// outbox has deliveries to make. Notices carry ids, never rows.
enum ChangeNotice: Hashable, Sendable {
    /// New webhook deliveries are due: the dispatcher wakes.
    case outbox
    /// One user token was revoked.
    case userToken(UUID)
    /// Every token of a user was revoked (or all but one).
    case userTokens(user: UUID)
    /// An agent was deleted: its tokens and key are gone.
    case agent(UUID)
    /// An organization, its settings or its members changed.
    case organization(UUID)
    /// Anything may have changed: notices may have been missed (the listener reconnected).
    case everything
    /// Events were recorded: this instance's live event streams look at once. Not sent to
    /// other instances (a `NOTIFY` on every event-writing commit would serialize PostgreSQL's
    /// commits); their streams find the events on their next poll.
    case events

    /// Whether other instances hear of it (`NOTIFY`) as well as this one.
    var isShared: Bool { self != .events }

    /// The text sent through `NOTIFY` (well under PostgreSQL's 8,000 bytes).
    var payload: String {
        switch self {
        case .outbox: "outbox"
        case .userToken(let id): "user_token:" + id.uuidString.lowercased()
        case .userTokens(let user): "user_tokens:" + user.uuidString.lowercased()
        case .agent(let id): "agent:" + id.uuidString.lowercased()
        case .organization(let id): "organization:" + id.uuidString.lowercased()
        case .everything: "everything"
        case .events: "events"
        }
    }

    /// The notice a payload stands for; nil for one this version does not know (a newer
    /// instance's), which is read as `everything` by the listener.
    init?(payload: String) {
        switch payload {
        case "outbox": self = .outbox
        case "everything": self = .everything
        default:
            guard let colon = payload.firstIndex(of: ":"), let id = UUID(uuidString: String(payload[payload.index(after: colon)...]))
            else { return nil }
            switch payload[..<colon] {
            case "user_token": self = .userToken(id)
            case "user_tokens": self = .userTokens(user: id)
            case "agent": self = .agent(id)
            case "organization": self = .organization(id)
            default: return nil
            }
        }
    }
}

/// The notices posted inside one transaction; the storage delivers them once it commits
/// (and forgets them when it rolls back). Post them with `ChangeNotices.post`.
final class PendingNotices: Sendable {
    @TaskLocal static var current: PendingNotices?

    private let notices = NIOLockedValueBox<[ChangeNotice]>([])

    var all: [ChangeNotice] { notices.withLockedValue { $0 } }

    func add(_ notice: ChangeNotice) {
        notices.withLockedValue { if !$0.contains(notice) { $0.append(notice) } }
    }
}

enum ChangeNotices {
    /// Announces a change made in the current transaction, delivered when it commits.
    /// Outside a transaction it is a programming error (nothing would deliver it).
    static func post(_ notice: ChangeNotice) {
        guard let pending = PendingNotices.current else {
            assertionFailure("ChangeNotices.post(\(notice)) outside a storage transaction")
            return
        }
        pending.add(notice)
    }
}
