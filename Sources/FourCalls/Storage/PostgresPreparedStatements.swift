import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// The statements this instance runs as named prepared statements on PostgreSQL, so that a
/// statement repeated on a connection is parsed and planned there once instead of on every
/// request (postgres-kit sends each query unnamed). A statement qualifies from its second
/// use: one-off statements (migrations, maintenance) stay unnamed. Its name stands for its
/// text and its parameters' types together, so a statement bound with other types is
/// another statement. Bounded: past `capacity` distinct statements new ones stay unnamed.
final class PostgresStatementNames: Sendable {
    static let capacity = 2_000
    static let maximumParameters = 100

    private struct Entry {
        var name: String
        var uses: Int
        var retired: Bool
    }
    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    /// The name `key` runs under, or nil while it stays unnamed.
    func name(for key: String) -> String? {
        entries.withLockedValue { entries in
            guard var entry = entries[key] else {
                if entries.count < Self.capacity {
                    entries[key] = Entry(name: "fourcalls_\(entries.count + 1)", uses: 1, retired: false)
                }
                return nil
            }
            guard !entry.retired else { return nil }
            entry.uses += 1
            entries[key] = entry
            return entry.name
        }
    }

    /// A statement whose preparation failed stays unnamed from then on: postgres-nio keeps a
    /// failed preparation on its connection for good, so the name is never used again.
    func retire(_ key: String) {
        entries.withLockedValue { $0[key]?.retired = true }
    }

    /// Statements that now run prepared (for tests).
    var preparedCount: Int {
        entries.withLockedValue { $0.values.filter { $0.uses > 1 && !$0.retired }.count }
    }
}

/// Whether a transaction has seen an error: a statement is never prepared after that, since
/// PostgreSQL refuses everything but the rollback and postgres-nio would keep the refusal of
/// the preparation on the connection.
final class TransactionHealth: Sendable {
    private let failed = NIOLockedValueBox(false)
    var hasFailed: Bool { failed.withLockedValue { $0 } }
    func fail() { failed.withLockedValue { $0 = true } }
}

/// postgres-kit's `SQLDatabase` on one connection, running the statements
/// `PostgresStatementNames` names as prepared statements through postgres-nio's statement
/// cache (one per connection), and everything else as postgres-kit does.
struct PreparingPostgresDatabase: SQLDatabase {
    let connection: PostgresConnection
    let plain: any SQLDatabase
    let names: PostgresStatementNames
    let encodingContext: PostgresEncodingContext<JSONEncoder>
    let decodingContext: PostgresDecodingContext<JSONDecoder>
    /// Set inside a transaction.
    let transaction: TransactionHealth?

    var logger: Logger { plain.logger }
    var eventLoop: any EventLoop { plain.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { plain.version }
    var dialect: any SQLDialect { plain.dialect }
    var queryLogLevel: Logger.Level? { plain.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        do {
            let (sql, binds) = serialize(query)
            guard transaction?.hasFailed != true, let statement = prepared(sql, binds) else {
                return try await plain.execute(sql: query, onRow)
            }
            do {
                let rows = try await PreparedStatementText.$current.withValue(.init(name: statement.name, sql: sql)) {
                    try await connection.execute(statement, logger: logger)
                }
                var columns: PostgresColumnIndex?
                for try await row in rows {
                    let index = columns ?? PostgresColumnIndex(row.makeRandomAccess())
                    columns = index
                    onRow(PostgresLeanRow(row, columns: index, decodingContext: decodingContext))
                }
            } catch let error as PSQLError {
                if let state = error.serverInfo?[.sqlState], Self.retiringClasses.contains(where: state.hasPrefix) {
                    names.retire(statement.key)
                }
                throw error
            }
        } catch {
            transaction?.fail()
            throw error
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// SQLSTATE classes that say the statement itself cannot run prepared as it is: syntax
    /// and names (42), a plan that no longer fits the tables (0A), a lost statement (26).
    private static let retiringClasses = ["42", "0A", "26"]

    private static let preparableVerbs = ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"]

    /// The statement to run prepared, or nil for one that stays unnamed: a statement of
    /// another kind (`BEGIN`, DDL), with too many parameters, with a value only postgres-kit's
    /// slower encoding knows (JSON), or not yet seen twice.
    private func prepared(_ sql: String, _ binds: [any Encodable & Sendable]) -> PreparedStatementText.Statement? {
        guard binds.count <= PostgresStatementNames.maximumParameters,
              Self.preparableVerbs.contains(where: { sql.hasPrefix($0) })
        else { return nil }
        var bindings = PostgresBindings(capacity: binds.count)
        var key = sql
        for bind in binds {
            guard let type = append(bind, to: &bindings) else { return nil }
            key += "\u{1}\(type.rawValue)"
        }
        guard let name = names.name(for: key) else { return nil }
        return .init(key: key, name: name, bindings: bindings)
    }

    /// Appends `value` as postgres-kit's fast path does; nil for a value that needs its slow path.
    private func append<T: Encodable>(_ value: T, to bindings: inout PostgresBindings) -> PostgresDataType? {
        if (value as Any?) == nil {
            bindings.appendNull()
            return .null
        }
        guard let value = value as? any PostgresThrowingDynamicTypeEncodable,
              (try? bindings.append(value, context: encodingContext)) != nil
        else { return nil }
        return value.psqlType
    }
}

/// postgres-nio prepares statements declared as types, each with a fixed text; this one
/// statement type takes its name and text from the task that runs it, which postgres-nio
/// reads as it sends the statement.
enum PreparedStatementText {
    struct Text: Sendable {
        let name: String
        let sql: String
    }
    @TaskLocal static var current = Text(name: "", sql: "")

    struct Statement: PostgresPreparedStatement {
        typealias Row = PostgresRow
        static var name: String { PreparedStatementText.current.name }
        static var sql: String { PreparedStatementText.current.sql }
        let key: String
        let name: String
        let bindings: PostgresBindings
        func makeBindings() throws -> PostgresBindings { bindings }
        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
}
