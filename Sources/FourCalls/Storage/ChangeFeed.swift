import NIOConcurrencyHelpers

/// Delivers committed changes' notices to what listens in this process (the access cache,
/// the webhook dispatcher), and counts this process's commits. The storage feeds it: SQLite
/// after each commit; PostgreSQL after each of its own commits and from `LISTEN` for every
/// instance's.
public final class ChangeFeed: Sendable {
    typealias Handler = @Sendable (ChangeNotice) -> Void

    private let handlers = NIOLockedValueBox<[Handler]>([])
    private let commitCount = NIOLockedValueBox(0)

    init() {}

    /// Write transactions committed in this process so far (and notices heard from others;
    /// not `Storage.autocommit`'s delivery bookkeeping):
    /// what was read before it last changed may be stale. Read it before reading the database.
    var commits: Int { commitCount.withLockedValue { $0 } }

    /// A write transaction committed, announcing `notices`.
    func committed(_ notices: [ChangeNotice]) {
        commitCount.withLockedValue { $0 += 1 }
        deliver(notices)
    }

    func subscribe(_ handler: @escaping Handler) {
        handlers.withLockedValue { $0.append(handler) }
    }

    func deliver(_ notices: [ChangeNotice]) {
        guard !notices.isEmpty else { return }
        commitCount.withLockedValue { $0 += 1 }
        let handlers = handlers.withLockedValue { $0 }
        for notice in notices {
            for handler in handlers { handler(notice) }
        }
    }
}
