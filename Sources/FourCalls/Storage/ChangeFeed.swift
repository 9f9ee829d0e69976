import NIOConcurrencyHelpers

/// Delivers committed changes' notices to what listens in this process (the access cache,
/// the webhook dispatcher). The storage feeds it: SQLite after each commit; PostgreSQL after
/// each of its own commits and from `LISTEN` for every instance's.
public final class ChangeFeed: Sendable {
    typealias Handler = @Sendable (ChangeNotice) -> Void

    private let handlers = NIOLockedValueBox<[Handler]>([])

    init() {}

    func subscribe(_ handler: @escaping Handler) {
        handlers.withLockedValue { $0.append(handler) }
    }

    func deliver(_ notices: [ChangeNotice]) {
        guard !notices.isEmpty else { return }
        let handlers = handlers.withLockedValue { $0 }
        for notice in notices {
            for handler in handlers { handler(notice) }
        }
    }
}
