import SQLKit

/// What the API asks for: `?page=` (from 1) and `?per_page=` (1...100, default 25).
public struct PageRequest: Sendable, Equatable {
    public static let defaultPerPage = 25
    public static let maxPerPage = 100
    /// Far past any real list, and small enough that `(page - 1) * per_page` never overflows.
    public static let maxPage = 10_000_000

    public let page: Int
    public let perPage: Int

    public init(page: Int = 1, perPage: Int = PageRequest.defaultPerPage) {
        self.page = page
        self.perPage = perPage
    }

    var offset: Int { (page - 1) * perPage }
}

/// One page of rows and the total count: what every list returns.
struct Paged<Item: Sendable>: Sendable {
    let items: [Item]
    let page: PageRequest
    let total: Int

    var lastPage: Int { max(1, (total + page.perPage - 1) / page.perPage) }

    /// One page of a list already in memory (the small, fixed template catalogues).
    static func slice(_ all: [Item], page: PageRequest) -> Paged<Item> {
        let start = min(page.offset, all.count)
        return Paged(items: Array(all[start..<min(start + page.perPage, all.count)]), page: page, total: all.count)
    }

    func map<Other: Sendable>(_ transform: (Item) throws -> Other) rethrows -> Paged<Other> {
        Paged<Other>(items: try items.map(transform), page: page, total: total)
    }

    /// Counts the rows `filter` selects, then fetches one page of them in `order`.
    /// `filter` adds the FROM, joins and WHERE clauses shared by both queries.
    ///
    /// `countWithPage` counts in the page's own query (`COUNT(*) OVER ()`) instead: one
    /// evaluation of the filter instead of two, for filters an index answers with few rows
    /// (a search). Not for whole tables, where the window reads every row the page skips.
    static func fetch(
        _ db: any SQLDatabase, page: PageRequest, decoding: Item.Type,
        columns: [String] = ["*"], countWithPage: Bool = false,
        filter: (SQLSelectBuilder) -> SQLSelectBuilder,
        order: (SQLSelectBuilder) -> SQLSelectBuilder
    ) async throws -> Paged<Item> where Item: Decodable {
        func count() async throws -> Int {
            try await filter(db.select().column(SQLRaw("COUNT(*)"), as: "count")).first(decodingColumn: "count", as: Int.self) ?? 0
        }
        var select = db.select()
        for column in columns { select = select.column(SQLRaw(column)) }
        guard countWithPage else {
            let total = try await count()
            let items = try await order(filter(select)).limit(page.perPage).offset(page.offset).all()
                .map { try $0.decodeRow(Item.self) }
            return Paged(items: items, page: page, total: total)
        }
        let rows = try await order(filter(select.column(SQLRaw("COUNT(*) OVER ()"), as: "page_total")))
            .limit(page.perPage).offset(page.offset).all()
        let items = try rows.map { try $0.decodeRow(Item.self) }
        // Past the last page no row carries the total: count on its own.
        let total: Int
        if let first = rows.first {
            total = try first.decode(column: "page_total", as: Int.self)
        } else {
            total = page.offset == 0 ? 0 : try await count()
        }
        return Paged(items: items, page: page, total: total)
    }
}
