/// A member's role in an organization, from most to least powerful.
public enum Role: String, CaseIterable, Sendable, Codable {
    case owner, admin, member, viewer

    var rank: Int {
        switch self {
        case .owner: 3
        case .admin: 2
        case .member: 1
        case .viewer: 0
        }
    }

    /// CONTRACT section 3, in one place: who may do what inside an organization.
    public func allows(_ action: OrganizationAction) -> Bool {
        rank >= action.minimumRole.rank
    }
}

/// The kinds of thing a member does in an organization.
public enum OrganizationAction: Sendable {
    /// Read anything of the organization.
    case read
    /// Write contacts, appointments, calls and campaigns.
    case writeRecords
    /// Manage coordinators, webhooks, AI agents, FAQs, polls and members; update the organization.
    case manage
    /// Delete the organization.
    case delete

    var minimumRole: Role {
        switch self {
        case .read: .viewer
        case .writeRecords: .member
        case .manage: .admin
        case .delete: .owner
        }
    }
}
