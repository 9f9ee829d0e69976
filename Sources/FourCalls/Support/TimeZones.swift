import Foundation

/// IANA time zone names.
enum TimeZones {
    private static let known: Set<String> = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC"])

    static func isValidIdentifier(_ name: String) -> Bool {
        known.contains(name) && TimeZone(identifier: name) != nil
    }
}
