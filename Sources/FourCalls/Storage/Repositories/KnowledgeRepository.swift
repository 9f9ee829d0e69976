import Foundation
import SQLKit

/// SQL of the knowledge base's listings: FAQs and polls.
struct KnowledgeRepository {
    let db: any SQLDatabase

    /// A page of the organization's FAQs: `category` matches exactly; `search` is a
    /// case-insensitive substring of the question or the answer.
    func faqs(organizationID: UUID, category: String?, search: String?, _ page: PageRequest) async throws -> Paged<FAQ> {
        try await TenantRows<FAQ>(db: db).page(organizationID: organizationID, page) { select in
            var select = select
            if let category { select = select.where("category", .equal, category) }
            if let search = search?.lowercased(), !search.isEmpty {
                let pattern = SubstringSearch.pattern(search)
                select = select.where(group: { group in
                    group.where(SubstringSearch.like(SubstringSearch.lowercased("question"), pattern))
                        .orWhere(SubstringSearch.like(SubstringSearch.lowercased("answer"), pattern))
                })
            }
            return select
        }
    }

    /// A page of the organization's polls, only the active (or inactive) ones when `active` is given.
    func polls(organizationID: UUID, active: Bool?, _ page: PageRequest) async throws -> Paged<Poll> {
        try await TenantRows<Poll>(db: db).page(organizationID: organizationID, page) { select in
            guard let active else { return select }
            return select.where("active", .equal, active)
        }
    }
}
