import NIOConcurrencyHelpers
import SQLKit

/// A query whose SQL text depends only on the dialect, for the few reads run on every
/// request of a hot route: SQLKit serializes its builder once per dialect, and each run
/// binds new values to that text (serializing the builder was as much CPU as SQLite's own
/// work when reading a contact by id).
///
/// `build` makes the query from the values of `binds`, which must be its binds in the
/// order SQLKit writes them: a template whose first serialization shows other binds is
/// never cached, and serializes its builder on every run instead.
final class SQLTemplate: Sendable {
    private let build: @Sendable (any SQLDatabase, [any Encodable & Sendable]) -> any SQLExpression
    private let texts = NIOLockedValueBox<[String: String]>([:])

    init(_ build: @escaping @Sendable (any SQLDatabase, [any Encodable & Sendable]) -> any SQLExpression) {
        self.build = build
    }

    /// The query with these values, ready to fetch.
    func query(on db: any SQLDatabase, binds: [any Encodable & Sendable]) -> SQLTemplateQuery {
        let dialect = db.dialect.name
        if let sql = texts.withLockedValue({ $0[dialect] }) {
            return SQLTemplateQuery(query: SerializedSQL(sql: sql, binds: binds), database: db)
        }
        let (sql, serializedBinds) = db.serialize(build(db, binds))
        if Self.same(serializedBinds, binds) {
            texts.withLockedValue { $0[dialect] = sql }
        }
        return SQLTemplateQuery(query: SerializedSQL(sql: sql, binds: serializedBinds), database: db)
    }

    /// Whether SQLKit wrote exactly these binds, in this order.
    static func same(_ serialized: [any Encodable & Sendable], _ binds: [any Encodable & Sendable]) -> Bool {
        serialized.count == binds.count
            && zip(serialized, binds).allSatisfy { "\(type(of: $0)) \($0)" == "\(type(of: $1)) \($1)" }
    }
}

/// A template's query with its values: fetch with SQLKit's `first`, `all` and `run`.
final class SQLTemplateQuery: SQLQueryFetcher {
    let query: any SQLExpression
    let database: any SQLDatabase

    init(query: any SQLExpression, database: any SQLDatabase) {
        self.query = query
        self.database = database
    }
}

/// SQL text already written for the database's dialect, with its binds.
struct SerializedSQL: SQLExpression {
    let sql: String
    let binds: [any Encodable & Sendable]

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(sql)
        serializer.binds.append(contentsOf: binds)
    }
}

/// `LIMIT` with a bound value, so that one template serves every limit (SQLKit writes its
/// `limit` into the text).
enum SQLLimitBind {
    static func limited(_ query: any SQLExpression, by limit: any Encodable & Sendable) -> any SQLExpression {
        SQLList([query, SQLRaw("LIMIT"), SQLBind(limit)], separator: SQLRaw(" "))
    }
}
