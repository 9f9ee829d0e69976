import Foundation
import SQLKit

/// SQL for `suppressions`: one row per organization and E.164 phone.
struct SuppressionRepository {
    let db: any SQLDatabase

    var rows: TenantRows<Suppression> { TenantRows(db: db) }

    func find(phone: String, organizationID: UUID) async throws -> Suppression? {
        try await db.select().column("*").from(Table.suppressions)
            .where("organization_id", .equal, organizationID).where("phone", .equal, phone)
            .first(decoding: Suppression.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// Whether the phone is suppressed (one index probe: leases ask this for every call).
    func contains(phone: String, organizationID: UUID) async throws -> Bool {
        try await db.select().column(SQLLiteral.numeric("1"), as: "found").from(Table.suppressions)
            .where("organization_id", .equal, organizationID).where("phone", .equal, phone).limit(1)
            .first() != nil
    }

    /// Which of `phones` are suppressed.
    func suppressed(among phones: some Collection<String>, organizationID: UUID) async throws -> Set<String> {
        var found: Set<String> = []
        for chunk in Array(phones).chunks(of: 1000) {
            let rows = try await db.select().column("phone").from(Table.suppressions)
                .where("organization_id", .equal, organizationID).where("phone", .in, Array(chunk))
                .all(decodingColumn: "phone", as: String.self)
            found.formUnion(rows)
        }
        return found
    }

    /// Inserts the entry unless its phone is there already; returns the entry that stands
    /// and whether it is the new one (the unique key decides between concurrent inserts).
    func insertIfAbsent(_ suppression: Suppression) async throws -> (Suppression, created: Bool) {
        try await db.insert(into: Table.suppressions)
            .model(suppression, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .ignoringConflicts(with: ["organization_id", "phone"]).run()
        let standing = try await find(phone: suppression.phone, organizationID: suppression.organizationId) ?? suppression
        return (standing, standing.id == suppression.id)
    }

    func setReason(_ reason: String, phone: String, organizationID: UUID, at now: Date) async throws {
        try await db.update(Table.suppressions).set("reason", to: reason).set("updated_at", to: now)
            .where("organization_id", .equal, organizationID).where("phone", .equal, phone).run()
    }

    func delete(phone: String, organizationID: UUID) async throws -> Bool {
        try await !db.delete(from: Table.suppressions)
            .where("organization_id", .equal, organizationID).where("phone", .equal, phone)
            .returning("id").all().isEmpty
    }
}
