import Foundation
import SQLKit

/// The common SQL of a table whose rows belong to an organization: every read, update and
/// delete names the organization, so one tenant can never reach another's rows.
/// Rows are records whose properties are the columns in camel case, each in its own table.
struct TenantRows<Row: TableRow> {
    let db: any SQLDatabase
    var table: Table { Row.table }

    func insert(_ row: Row) async throws {
        try await db.insert(into: table).model(row, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
    }

    func insert(_ rows: [Row]) async throws {
        guard !rows.isEmpty else { return }
        try await db.insert(into: table).models(rows, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
    }

    /// Writes every column of `row` (the record is read, changed, then written back whole).
    func update(_ row: Row, id: UUID, organizationID: UUID) async throws {
        try await db.update(table).set(model: row, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, id).where("organization_id", .equal, organizationID)
            .run()
    }

    func find(id: UUID, organizationID: UUID) async throws -> Row? {
        try await db.select().column("*").from(table)
            .where("id", .equal, id).where("organization_id", .equal, organizationID)
            .first(decoding: Row.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// The rows among `ids` that belong to the organization.
    func find(ids: [UUID], organizationID: UUID) async throws -> [Row] {
        guard !ids.isEmpty else { return [] }
        return try await db.select().column("*").from(table)
            .where("organization_id", .equal, organizationID).where("id", .in, ids)
            .all(decoding: Row.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    @discardableResult
    func delete(id: UUID, organizationID: UUID) async throws -> Bool {
        let deleted = try await db.delete(from: table)
            .where("id", .equal, id).where("organization_id", .equal, organizationID)
            .returning("id").all()
        return !deleted.isEmpty
    }

    /// A page of the organization's rows; `filter` adds conditions, `order` the sort
    /// (oldest first by default).
    func page(
        organizationID: UUID, _ page: PageRequest,
        filter: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 },
        order: ((SQLSelectBuilder) -> SQLSelectBuilder)? = nil
    ) async throws -> Paged<Row> {
        let table = table
        return try await Paged.fetch(db, page: page, decoding: Row.self) { select in
            filter(select.from(table).where("organization_id", .equal, organizationID))
        } order: { select in
            order?(select) ?? select.orderBy("created_at").orderBy("id")
        }
    }
}
