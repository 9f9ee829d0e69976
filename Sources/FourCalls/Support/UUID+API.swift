import Foundation

extension UUID {
    /// The id as the API writes it: lowercase (Foundation writes uppercase).
    var api: String { uuidString.lowercased() }
}
