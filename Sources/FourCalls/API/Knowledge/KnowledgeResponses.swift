import Foundation
import Hummingbird

/// An FAQ as the API (and the AI agents' context) shows it.
struct FAQResponse: ResponseEncodable, Sendable {
    let id: String
    let organization_id: String
    let question: String
    let answer: String
    @Nullable var category: String?
    let keywords: [String]
    let created_at: Date
    let updated_at: Date

    init(_ faq: FAQ) {
        id = faq.id.api
        organization_id = faq.organizationId.api
        question = faq.question
        answer = faq.answer
        category = faq.category
        keywords = faq.keywordList
        created_at = faq.createdAt
        updated_at = faq.updatedAt
    }
}

/// A poll as the API (and the AI agents' context) shows it.
struct PollResponse: ResponseEncodable, Sendable {
    let id: String
    let organization_id: String
    let question: String
    let options: [String]
    let active: Bool
    let created_at: Date
    let updated_at: Date

    init(_ poll: Poll) {
        id = poll.id.api
        organization_id = poll.organizationId.api
        question = poll.question
        options = poll.optionList
        active = poll.active
        created_at = poll.createdAt
        updated_at = poll.updatedAt
    }
}
