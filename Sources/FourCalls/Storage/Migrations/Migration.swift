/// One versioned schema step, written once per dialect (side by side, so the twins stay in step).
struct Migration: Sendable {
    let version: Int
    let name: String
    let sqlite: [String]
    let postgres: [String]

    func statements(for engine: DatabaseEngine) -> [String] {
        engine == .sqlite ? sqlite : postgres
    }
}

/// Every migration, in order. Append new ones; never edit one that has shipped.
enum Migrations {
    static let all: [Migration] = [
        .accountsAndOrganizations
    ]
}
