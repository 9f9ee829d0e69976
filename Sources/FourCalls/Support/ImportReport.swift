import Foundation

/// What a CSV import (contacts, suppressions) did: exact counts, and the failing rows with
/// their messages (the first `ImportReport.maxReportedErrors`).
struct ImportReport: Codable, Sendable {
    struct RowError: Codable, Sendable {
        let row: Int
        let errors: [String: [String]]
    }

    static let maxReportedErrors = 1000

    var created = 0
    var updated = 0
    var failed = 0
    var errors: [RowError] = []

    /// Counts a failed row, keeping its messages while there is room.
    mutating func fail(row: Int, errors rowErrors: [String: [String]]) {
        failed += 1
        if errors.count < Self.maxReportedErrors { errors.append(RowError(row: row, errors: rowErrors)) }
    }
}

