import Foundation

/// Why a contact of a campaign's audience is not called (CONTRACT section 12), in the
/// order a contact with several reasons is counted under; `contact_deleted` only happens
/// after the start.
public enum ExclusionReason: String, CaseIterable, Sendable, Codable {
    case doNotContact = "do_not_contact"
    case noPhone = "no_phone"
    case invalidPhone = "invalid_phone"
    case suppressed
    case duplicatePhone = "duplicate_phone"
    case noConsent = "no_consent"
    case contactDeleted = "contact_deleted"

    /// The reasons preflight counts, in order.
    static let screened: [ExclusionReason] = [.doNotContact, .noPhone, .invalidPhone, .suppressed, .duplicatePhone, .noConsent]
}

/// What screening reads of one contact of an audience.
struct AudienceMember: Sendable {
    let contactID: UUID
    let createdAt: Date
    let phone: String?
    let status: ContactStatus
    let consentAt: Date?
    /// The contact's zone, nil when it has none (the organization's applies).
    let timezone: String?
}

extension AudienceMember {
    init(_ contact: Contact) {
        self.init(
            contactID: contact.id, createdAt: contact.createdAt, phone: contact.phone, status: contact.status,
            consentAt: contact.consentAt, timezone: contact.timezone)
    }
}

/// Who of an audience may be called, and why not (CONTRACT section 12).
enum AudienceScreen {
    /// Whether a stored (E.164) phone can be dialled: country code 1 needs exactly 10
    /// national digits (no other calling code starts with 1).
    static func isDiallable(_ phone: String) -> Bool {
        let digits = phone.dropFirst()
        guard phone.hasPrefix("+"), (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return digits.first != "1" || digits.count == 11
    }

    /// The first reason one contact may not be called, duplicates aside (they depend on
    /// the rest of the audience); `suppressed` says whether its phone is on the list.
    static func reason(for member: AudienceMember, suppressed: Bool, requireConsent: Bool) -> ExclusionReason? {
        if member.status == .doNotContact { return .doNotContact }
        guard let phone = member.phone, !phone.isEmpty else { return .noPhone }
        if !isDiallable(phone) { return .invalidPhone }
        if suppressed { return .suppressed }
        if requireConsent, member.consentAt == nil { return .noConsent }
        return nil
    }

    /// Each member's reason, in the members' order: a phone shared by several members who
    /// pass the earlier checks is called once, for the earliest-created of them.
    static func screen(_ members: [AudienceMember], suppressedPhones: Set<String>, requireConsent: Bool) -> [ExclusionReason?] {
        var reasons: [ExclusionReason?] = []
        reasons.reserveCapacity(members.count)
        var keeper: [String: (index: Int, createdAt: Date, id: UUID)] = [:]
        for (index, member) in members.enumerated() {
            let own = reason(for: member, suppressed: member.phone.map(suppressedPhones.contains) ?? false, requireConsent: false)
            reasons.append(own)
            guard own == nil, let phone = member.phone else { continue }
            if let earlier = keeper[phone] {
                if (member.createdAt, member.contactID.uuidString) < (earlier.createdAt, earlier.id.uuidString) {
                    reasons[earlier.index] = .duplicatePhone
                    keeper[phone] = (index, member.createdAt, member.contactID)
                } else {
                    reasons[index] = .duplicatePhone
                }
            } else {
                keeper[phone] = (index, member.createdAt, member.contactID)
            }
        }
        if requireConsent {
            for (index, member) in members.enumerated() where reasons[index] == nil && member.consentAt == nil {
                reasons[index] = .noConsent
            }
        }
        return reasons
    }
}
