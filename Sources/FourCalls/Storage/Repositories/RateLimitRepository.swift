import SQLKit

/// SQL for `rate_limit_windows`: the per-minute request counts instances share.
struct RateLimitRepository {
    let db: any SQLDatabase

    /// Adds `requests` to the window's count in one atomic statement (no read-then-write
    /// race between instances) and returns the new count. It commits by itself: call it on
    /// a `read` connection of PostgreSQL, whose connections are ordinary read-write ones.
    func add(_ requests: Int, to key: String, window: Int) async throws -> Int {
        try await db.insert(into: Table.rateLimitWindows).columns("key", "window_start", "count")
            .values(SQLBind(key), SQLBind(window), SQLBind(requests))
            .onConflict(with: ["key", "window_start"]) { $0.set("count", to: SQLRaw("rate_limit_windows.count + excluded.count")) }
            .returning("count")
            .first(decodingColumn: "count", as: Int.self) ?? requests
    }

    /// Forgets windows that ended before `window`.
    func deleteBefore(window: Int) async throws {
        try await db.delete(from: Table.rateLimitWindows).where("window_start", .lessThan, window).run()
    }
}
