import Foundation
import NIOConcurrencyHelpers

/// Context packets encoded once per version (issue: the packet was rebuilt, hundreds of KB,
/// for every agent at every call start). A request reads the packet's stamp (a few aggregate
/// queries, themselves reused like the call-start packet's parts: until a write commits in
/// this instance, within one second of the clock); while the stamp is unchanged, the encoded
/// bytes are reused and only `current_time` is written in. Each instance keeps its own
/// entries, checked against the shared database, so several instances on one PostgreSQL stay
/// correct.
final class ContextPacketCache: Sendable {
    /// An organization's packet stamp in one second of the clock.
    struct StampKey: Hashable, Sendable {
        let organizationID: UUID
        let second: Int
    }

    let stamps = CommittedReadCache<StampKey, String>()

    struct Key: Hashable, Sendable {
        let organizationID: UUID
        let contactsLimit: Int
        let appointmentsLimit: Int
    }

    private struct Entry: Sendable {
        let stamp: String
        let encoded: ContextPacket.Encoded
    }

    private struct State: Sendable {
        var entries: [Key: Entry] = [:]
        var bytes = 0
        /// Packets being built: requests that miss together wait for one build.
        var building: [Key: (stamp: String, task: Task<ContextPacket.Encoded, any Error>)] = [:]
    }

    private let state = NIOLockedValueBox(State())
    /// Past this many bytes of packets, the cache starts over.
    let capacityBytes: Int

    init(capacityBytes: Int = 64 << 20) {
        self.capacityBytes = capacityBytes
    }

    /// The encoded packet for `key`, reusing the cached one while its stamp is `stamp`; a
    /// build already under way for the same stamp is awaited rather than repeated.
    func packet(_ key: Key, stamp: String, build: @escaping @Sendable () async throws -> ContextPacket.Encoded) async throws
        -> ContextPacket.Encoded
    {
        let cached: ContextPacket.Encoded? = state.withLockedValue { state in
            guard let entry = state.entries[key], entry.stamp == stamp else { return nil }
            return entry.encoded
        }
        if let cached { return cached }
        let task: Task<ContextPacket.Encoded, any Error> = state.withLockedValue { state in
            if let building = state.building[key], building.stamp == stamp { return building.task }
            let task = Task { try await build() }
            state.building[key] = (stamp, task)
            return task
        }
        defer { state.withLockedValue { if $0.building[key]?.stamp == stamp { $0.building[key] = nil } } }
        let encoded = try await task.value
        state.withLockedValue { state in
            guard state.entries[key]?.stamp != stamp else { return }
            if let old = state.entries[key] { state.bytes -= old.encoded.size }
            if state.bytes + encoded.size > capacityBytes { state.entries = [:]; state.bytes = 0 }
            state.entries[key] = Entry(stamp: stamp, encoded: encoded)
            state.bytes += encoded.size
        }
        return encoded
    }
}
