import Foundation

/// The JSON encoders and decoders the app shares: RFC 3339 dates in UTC, no escaped slashes.
enum JSONCoding {
    /// Sorted keys: Foundation on Linux does not keep declaration order, and stable output
    /// keeps responses comparable (ETags, tests).
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    /// Sorted keys so that stored JSON text is stable (ETags and comparisons).
    static let storageEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
