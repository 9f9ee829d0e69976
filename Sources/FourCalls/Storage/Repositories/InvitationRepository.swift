import Foundation
import SQLKit

/// SQL for `invitations`.
struct InvitationRepository {
    let db: any SQLDatabase

    func insert(_ invitation: Invitation) async throws {
        try await db.insert(into: Table.invitations).model(invitation, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
    }

    /// The organization's pending invitations, newest first.
    func list(organizationID: UUID, now: Date, page: PageRequest) async throws -> Paged<Invitation> {
        try await Paged.fetch(db, page: page, decoding: Invitation.self) { select in
            select.from(Table.invitations).where("organization_id", .equal, organizationID).where("expires_at", .greaterThan, now)
        } order: { select in
            select.orderBy("created_at", .descending).orderBy("id")
        }
    }

    /// Pending invitations addressed to an e-mail, with their organizations' names.
    func received(emailNormalized: String, now: Date, page: PageRequest) async throws -> Paged<ReceivedInvitation> {
        let rows = try await Paged.fetch(db, page: page, decoding: ReceivedRow.self, columns: ["invitations.*", "organizations.name AS organization_name"]) { select in
            select.from(Table.invitations)
                .join(Table.organizations, on: SQLBinaryExpression(SQLColumn("id", table: Table.organizations), .equal, SQLColumn("organization_id", table: Table.invitations)))
                .where(SQLColumn("email_normalized", table: Table.invitations), .equal, SQLBind(emailNormalized))
                .where(SQLColumn("expires_at", table: Table.invitations), .greaterThan, SQLBind(now))
        } order: { select in
            select.orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: Table.invitations), direction: SQLDirection.descending))
                .orderBy(SQLColumn("id", table: Table.invitations))
        }
        return rows.map { ReceivedInvitation(invitation: $0.invitation, organizationName: $0.organizationName) }
    }

    func find(tokenHash: String) async throws -> Invitation? {
        try await db.select().column("*").from(Table.invitations).where("token_hash", .equal, tokenHash)
            .first(decoding: Invitation.self, keyDecodingStrategy: .snakeCaseColumns)
    }

    /// Deletes one invitation of the organization; false when there was none.
    @discardableResult
    func delete(id: UUID, organizationID: UUID) async throws -> Bool {
        !(try await db.delete(from: Table.invitations).where("id", .equal, id).where("organization_id", .equal, organizationID)
            .returning("id").all()).isEmpty
    }

    /// Drops an earlier invitation of the same address to the organization (a new one replaces it).
    func delete(emailNormalized: String, organizationID: UUID) async throws {
        try await db.delete(from: Table.invitations).where("organization_id", .equal, organizationID)
            .where("email_normalized", .equal, emailNormalized).run()
    }

    /// An invitation row joined with its organization's name.
    private struct ReceivedRow: Decodable {
        let invitation: Invitation
        let organizationName: String

        enum CodingKeys: String, CodingKey { case organizationName }

        init(from decoder: any Decoder) throws {
            invitation = try Invitation(from: decoder)
            organizationName = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .organizationName)
        }
    }
}
