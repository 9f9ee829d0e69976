import Foundation
import SQLKit

/// SQL of the call-start packet: every call start runs it, so each query is serialized
/// once per dialect.
struct CallContextRepository {
    let db: any SQLDatabase

    func types(organizationID: UUID) async throws -> [AppointmentType] {
        try await Self.types.query(on: db, binds: [organizationID]).all(decoding: AppointmentType.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// The first active coordinator by name, else the first.
    func coordinator(organizationID: UUID) async throws -> Coordinator? {
        try await Self.coordinator.query(on: db, binds: [organizationID]).first(decoding: Coordinator.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    func faqs(organizationID: UUID) async throws -> [FAQ] {
        try await Self.faqs.query(on: db, binds: [organizationID]).all(decoding: FAQ.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    private static let types = SQLTemplate { db, binds in
        db.select().column("*").from(Table.appointmentTypes).where("organization_id", .equal, SQLBind(binds[0]))
            .orderBy("name").orderBy("id").limit(CallContextFit.levels[0].types).query
    }
    /// The first active coordinator by name, else the first.
    private static let coordinator = SQLTemplate { db, binds in
        db.select().column("*").from(Table.coordinators).where("organization_id", .equal, SQLBind(binds[0]))
            .orderBy(SQLRaw("CASE WHEN status = 'active' THEN 0 ELSE 1 END")).orderBy("display_name").orderBy("id").limit(1).query
    }
    private static let faqs = SQLTemplate { db, binds in
        db.select().column("*").from(Table.faqs).where("organization_id", .equal, SQLBind(binds[0]))
            .orderBy("created_at").orderBy("id").limit(CallContextFit.levels[0].faqs).query
    }
}
