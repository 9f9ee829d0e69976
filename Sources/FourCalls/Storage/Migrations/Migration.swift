import SQLKit

/// One versioned schema step, written once per dialect (side by side, so the twins stay in step).
struct Migration: Sendable {
    let version: Int
    let name: String
    let sqlite: [String]
    let postgres: [String]
    /// Work SQL alone cannot do (filling a new table computed in Swift), run in the
    /// migration's transaction after its statements.
    var afterwards: (@Sendable (any SQLDatabase) async throws -> Void)?

    func statements(for engine: DatabaseEngine) -> [String] {
        engine == .sqlite ? sqlite : postgres
    }

    /// A migration written once for both engines: the column types `$UUID`, `$TIME` and
    /// `$BOOL` become `TEXT`/`REAL`/`INTEGER` on SQLite (the driver's encodings of `UUID`,
    /// `Date` and `Bool`) and `UUID`/`TIMESTAMPTZ`/`BOOLEAN` on PostgreSQL; `$FALSE` is a
    /// boolean default (`0`, `FALSE`).
    static func portable(version: Int, name: String, _ statements: [String]) -> Migration {
        func render(_ types: [String: String]) -> [String] {
            statements.map { statement in
                types.reduce(statement) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
            }
        }
        return Migration(
            version: version, name: name,
            sqlite: render(["$UUID": "TEXT", "$TIME": "REAL", "$BOOL": "INTEGER", "$FALSE": "0"]),
            postgres: render(["$UUID": "UUID", "$TIME": "TIMESTAMPTZ", "$BOOL": "BOOLEAN", "$FALSE": "FALSE"]))
    }
}

/// Every migration, in order. Append new ones; never edit one that has shipped.
enum Migrations {
    static let all: [Migration] = [
        .accountsAndOrganizations,
        .crm,
        .webhooks,
        .agents,
        .limits,
        .campaigns,
        .searchAndCallTotals,
        .stableSearchKeys,
        .invitations,
        .contactImports,
        .normalizedEmails,
        .agentKeys,
        .scheduleVersion,
        .platformCalls,
        .agentPlatformSettings,
        .trigramSearch,
        .outboundCompliance,
        .equalitySafeTrigrams,
        .smallTrigramPendingLists,
        .consoleSessions,
        .contactTagLists,
    ]
}
