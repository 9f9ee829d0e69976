import Foundation

/// A phone an organization's campaigns never call (CONTRACT section 12). Rows of
/// `suppressions`, one per organization and E.164 phone.
struct Suppression: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    let phone: String
    var reason: String
    /// The contact and the call an opt-out came from.
    var contactId: UUID?
    var callId: UUID?
    let createdAt: Date
    var updatedAt: Date

    static let manualReason = "manual"
    static let optOutReason = "opt_out"
}
