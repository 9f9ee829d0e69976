import Foundation

/// A question with fixed answers that agents ask on calls; answers arrive with AI
/// interactions. Rows of `polls`.
struct Poll: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    var question: String
    /// JSON array text of the answers offered, e.g. `["Yes","No"]`.
    var options: String
    /// Only active polls are offered to agents.
    var active: Bool
    let createdAt: Date
    var updatedAt: Date

    var optionList: [String] {
        (try? JSONCoding.decoder.decode([String].self, from: Data(options.utf8))) ?? []
    }

    static func encodeOptions(_ options: [String]) -> String {
        (try? String(decoding: JSONCoding.storageEncoder.encode(options), as: UTF8.self)) ?? "[]"
    }
}
