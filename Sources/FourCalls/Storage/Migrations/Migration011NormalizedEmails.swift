import Foundation
import SQLKit

extension Migration {
    /// E-mails compared after Unicode NFC normalization (CONTRACT section 1): the stored
    /// comparison forms of users and contacts written before are normalized again, so that an
    /// account registered with a decomposed `é` still signs in. A user whose new form
    /// another account already has keeps the old one (the two stay distinct accounts).
    static let normalizedEmails = Migration(
        version: 11, name: "normalized_emails", sqlite: [], postgres: [],
        afterwards: { db in
            for table in ["users", "contacts"] {
                let rows = try await db.select().column("id").column("email").column("email_normalized").from(table)
                    .where("email", .isNot, SQLLiteral.null).all()
                for row in rows {
                    guard let email = try row.decode(column: "email", as: String?.self) else { continue }
                    let normalized = EmailAddress.normalized(email)
                    // Bytes, not Swift's `==`: that compares canonically, so it sees no difference.
                    let stored = try row.decode(column: "email_normalized", as: String?.self) ?? ""
                    guard !stored.utf8.elementsEqual(normalized.utf8) else { continue }
                    let id = try row.decode(column: "id", as: UUID.self)
                    if table == "users",
                        try await db.select().column("id").from("users").where("email_normalized", .equal, normalized).first() != nil
                    {
                        continue
                    }
                    try await db.update(table).set("email_normalized", to: normalized).where("id", .equal, id).run()
                }
            }
        })
}
