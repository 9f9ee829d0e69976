import Foundation

/// Whether a contact may be called.
public enum ContactStatus: String, CaseIterable, Sendable, Codable {
    case active
    case doNotContact = "do_not_contact"
}

/// A person an organization talks to. Rows of `contacts`; tags live in `contact_tags` (and, as
/// a JSON array, in the row's `tag_list`: `ContactRepository` keeps the two in step).
struct Contact: Codable, Sendable {
    let id: UUID
    let organizationId: UUID
    var name: String
    /// Lowercased name, for case-insensitive search on both engines.
    var nameSearch: String
    var email: String?
    var emailNormalized: String?
    var phone: String?
    var company: String?
    var timezone: String?
    var status: ContactStatus
    var notes: String?
    /// Free JSON object as text; `source` and `source_id` are copied into columns.
    var metadata: String
    var source: String?
    var sourceId: String?
    /// When the contact agreed to automated calls (CONTRACT section 12), if known.
    var consentAt: Date?
    let createdAt: Date
    var updatedAt: Date

    /// Sets `metadata` and the indexed `source`/`source_id` it carries.
    mutating func setMetadata(_ value: JSONValue) {
        metadata = value.jsonText()
        source = Self.sourceText(value["source"])
        sourceId = Self.sourceText(value["source_id"])
    }

    private static func sourceText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .int(let number)?: String(number)
        default: nil
        }
    }
}

/// A contact with its tags: what the API shows.
struct TaggedContact: Sendable {
    let contact: Contact
    let tags: [String]
}

extension TaggedContact: Decodable {
    private enum Columns: String, CodingKey { case tagList }

    /// A row of `ContactRepository.taggedColumns` (`contacts.*`, with `tag_list`): the
    /// contact and its tags from one row.
    init(from decoder: any Decoder) throws {
        contact = try Contact(from: decoder)
        let list = try decoder.container(keyedBy: Columns.self).decode(String.self, forKey: .tagList)
        tags = try Self.sortedStrings(inJSONArray: list)
    }

    /// The strings of a JSON array of strings, sorted (the API shows tags in order); a list
    /// without escapes (every tag list in practice) is split without a JSON decoder.
    static func sortedStrings(inJSONArray text: String) throws -> [String] {
        if text == "[]" { return [] }
        guard text.hasPrefix("[\""), text.hasSuffix("\"]"), !text.utf8.contains(UInt8(ascii: "\\")) else {
            return try JSONCoding.decoder.decode([String].self, from: Data(text.utf8)).sorted()
        }
        // `["a","b"]` splits on its quotes into `[`, `a`, `,`, `b`, `]`: every other piece.
        let pieces = text.utf8.split(separator: UInt8(ascii: "\""), omittingEmptySubsequences: false)
        var strings: [String] = []
        strings.reserveCapacity(pieces.count / 2)
        for index in stride(from: 1, to: pieces.count, by: 2) { strings.append(String(Substring(pieces[index]))) }
        return strings.count > 1 ? strings.sorted() : strings
    }
}

extension JSONValue {
    /// The value at `key` of an object.
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}
