import Foundation

/// A question an organization's AI agents can answer on a call. Rows of `faqs`.
struct FAQ: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    var question: String
    var answer: String
    var category: String?
    /// JSON array text, e.g. `["hours","parking"]`.
    var keywords: String
    let createdAt: Date
    var updatedAt: Date

    var keywordList: [String] {
        (try? JSONCoding.decoder.decode([String].self, from: Data(keywords.utf8))) ?? []
    }

    static func encodeKeywords(_ keywords: [String]) -> String {
        (try? String(decoding: JSONCoding.storageEncoder.encode(keywords), as: UTF8.self)) ?? "[]"
    }
}
