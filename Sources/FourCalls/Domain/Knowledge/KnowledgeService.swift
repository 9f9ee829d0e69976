import Foundation
import SQLKit

/// FAQs and polls: what an organization's AI agents know and ask on calls. Plain CRUD
/// without events (the guide's event list names none for them).
struct KnowledgeService: Sendable {
    let storage: any Storage
    let clock: any AppClock

    static let faqNotFound = APIError.notFound("FAQ not found.")
    static let pollNotFound = APIError.notFound("Poll not found.")

    private static func faqs(_ db: any SQLDatabase) -> TenantRows<FAQ> { TenantRows(db: db) }
    private static func polls(_ db: any SQLDatabase) -> TenantRows<Poll> { TenantRows(db: db) }

    // MARK: - FAQs

    /// Validated FAQ fields of a create or update; nil leaves a field unchanged.
    struct FAQChanges: Sendable {
        var question: String?
        var answer: String?
        var category: String??
        var keywords: [String]?

        func apply(to faq: inout FAQ) {
            if let question { faq.question = question }
            if let answer { faq.answer = answer }
            if let category { faq.category = category }
            if let keywords { faq.keywords = FAQ.encodeKeywords(keywords) }
        }
    }

    /// `category` matches exactly; `search` is a case-insensitive substring of the question
    /// or the answer.
    func listFAQs(_ organizationID: UUID, category: String?, search: String?, page: PageRequest) async throws -> Paged<FAQ> {
        try await storage.read { db in
            try await KnowledgeRepository(db: db).faqs(organizationID: organizationID, category: category, search: search, page)
        }
    }

    func findFAQ(_ id: UUID, in organizationID: UUID) async throws -> FAQ {
        let found = try await storage.read { db in try await Self.faqs(db).find(id: id, organizationID: organizationID) }
        guard let found else { throw Self.faqNotFound }
        return found
    }

    func createFAQ(in organizationID: UUID, _ changes: FAQChanges) async throws -> FAQ {
        let now = clock.now()
        var faq = FAQ(
            id: UUID.random(), organizationId: organizationID, question: "", answer: "", category: nil,
            keywords: FAQ.encodeKeywords([]), createdAt: now, updatedAt: now)
        changes.apply(to: &faq)
        let row = faq
        try await storage.transaction { db in try await Self.faqs(db).insert(row) }
        return row
    }

    func updateFAQ(_ id: UUID, in organizationID: UUID, with changes: FAQChanges) async throws -> FAQ {
        let now = clock.now()
        return try await storage.transaction { db in
            let rows = Self.faqs(db)
            guard var faq = try await rows.find(id: id, organizationID: organizationID) else { throw Self.faqNotFound }
            changes.apply(to: &faq)
            faq.updatedAt = now
            try await rows.update(faq, id: id, organizationID: organizationID)
            return faq
        }
    }

    func deleteFAQ(_ id: UUID, in organizationID: UUID) async throws {
        let deleted = try await storage.transaction { db in
            try await Self.faqs(db).delete(id: id, organizationID: organizationID)
        }
        if !deleted { throw Self.faqNotFound }
    }

    // MARK: - Polls

    /// Validated poll fields of a create or update; nil leaves a field unchanged.
    struct PollChanges: Sendable {
        var question: String?
        var options: [String]?
        var active: Bool?

        func apply(to poll: inout Poll) {
            if let question { poll.question = question }
            if let options { poll.options = Poll.encodeOptions(options) }
            if let active { poll.active = active }
        }
    }

    /// `active` keeps only active (or only inactive) polls when given.
    func listPolls(_ organizationID: UUID, active: Bool?, page: PageRequest) async throws -> Paged<Poll> {
        try await storage.read { db in
            try await KnowledgeRepository(db: db).polls(organizationID: organizationID, active: active, page)
        }
    }

    func findPoll(_ id: UUID, in organizationID: UUID) async throws -> Poll {
        let found = try await storage.read { db in try await Self.polls(db).find(id: id, organizationID: organizationID) }
        guard let found else { throw Self.pollNotFound }
        return found
    }

    /// New polls are active unless `active` says otherwise.
    func createPoll(in organizationID: UUID, _ changes: PollChanges) async throws -> Poll {
        let now = clock.now()
        var poll = Poll(
            id: UUID.random(), organizationId: organizationID, question: "", options: Poll.encodeOptions([]),
            active: true, createdAt: now, updatedAt: now)
        changes.apply(to: &poll)
        let row = poll
        try await storage.transaction { db in try await Self.polls(db).insert(row) }
        return row
    }

    func updatePoll(_ id: UUID, in organizationID: UUID, with changes: PollChanges) async throws -> Poll {
        let now = clock.now()
        return try await storage.transaction { db in
            let rows = Self.polls(db)
            guard var poll = try await rows.find(id: id, organizationID: organizationID) else { throw Self.pollNotFound }
            changes.apply(to: &poll)
            poll.updatedAt = now
            try await rows.update(poll, id: id, organizationID: organizationID)
            return poll
        }
    }

    func deletePoll(_ id: UUID, in organizationID: UUID) async throws {
        let deleted = try await storage.transaction { db in
            try await Self.polls(db).delete(id: id, organizationID: organizationID)
        }
        if !deleted { throw Self.pollNotFound }
    }
}
