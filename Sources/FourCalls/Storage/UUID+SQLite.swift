import Foundation
import SQLiteNIO

/// UUIDs read and written as SQLite text directly. Without this, sqlite-kit decodes every id
/// through a generic fallback decoder (an object allocation and failed casts per value). The
/// stored form is unchanged: Foundation's uppercase `uuidString`, as the fallback wrote it
/// (`storedText`, formatted without `sprintf`).
extension UUID: @retroactive SQLiteDataConvertible {
    public init?(sqliteData: SQLiteData) {
        guard case .text(let text) = sqliteData, let uuid = UUID(text: text) else { return nil }
        self = uuid
    }

    public var sqliteData: SQLiteData? { .text(storedText) }
}
