import Foundation
import NIOCore
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// The organizations' events as they are recorded, for the live streams of CONTRACT section 11
/// (a lifecycle service). One loop per instance reads the event log for every organization
/// someone is watching, however many streams are open, and hands each new event to that
/// organization's subscribers.
///
/// The loop looks when this instance records events and on a poll (`pollInterval`) while
/// anyone watches: the poll finds other instances' events, so on PostgreSQL every instance
/// streams every event. It reads the log from a little before the newest event it has seen
/// (`lateCommitWindow`) and remembers what it handed out, so an event whose transaction
/// began earlier but committed later is still streamed, and none twice.
///
/// Hand-outs are at least `handOutInterval` apart: the first event after a quiet spell goes out
/// at once, and under a steady flow the events recorded meanwhile go out together, one write
/// per stream (200 streams of an organization recording 10 events a second made 2,000 writes
/// a second, each a task's turn on the cooperative pool and a hop to its connection's event
/// loop, beside the requests waiting for both).
///
/// Memory per stream is bounded: a subscriber that falls `bufferSize` hand-outs behind is
/// ended; its client reconnects with `Last-Event-ID` and replays the rest from the log.
final class EventStreamHub: Service, Sendable {
    /// What a subscriber receives: the events of one hand-out, oldest first, with their
    /// Server-Sent Events frames one after another (made once for the subscribers that get the
    /// same events), or a tick (every `tickInterval`) by which a stream that has been quiet can
    /// send its keep-alive.
    enum Item: Sendable {
        case events([StoredEvent], frames: ByteBuffer)
        case tick
    }

    /// The frames of `events`, one after another.
    static func frames(_ events: [StoredEvent]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for event in events {
            var frame = frame(event)
            buffer.writeBuffer(&frame)
        }
        return buffer
    }

    /// One event as a Server-Sent Events frame: its log id, its name and the webhook body
    /// (compact JSON, one line).
    static func frame(_ event: StoredEvent) -> ByteBuffer {
        ByteBuffer(string: "id: \(event.id.api)\nevent: \(event.event)\ndata: \(event.body)\n\n")
    }

    struct Subscription: Sendable {
        let id: UUID
        /// Events recorded from here on are the subscriber's.
        let since: Date
        let items: AsyncStream<Item>
    }

    private struct Subscriber {
        let organizationID: UUID
        let since: Date
        let continuation: AsyncStream<Item>.Continuation
    }

    private struct State {
        var subscribers: [UUID: Subscriber] = [:]
        /// Where the next read of the log starts; nil while nobody watches.
        var readFrom: Date?
        /// The events handed out whose time is within the window, by id.
        var handedOut: [UUID: Date] = [:]
        var lastTick = ContinuousClock.now
    }

    static let lateCommitWindow: TimeInterval = 5
    /// How long a stream may lag its events under a steady flow.
    static let defaultHandOutInterval: Duration = .milliseconds(250)
    private static let pageSize = 500

    private let storage: any Storage
    private let clock: any AppClock
    private let startup: StartupGate
    private let pollInterval: Duration
    private let handOutInterval: Duration
    private let tickInterval: Duration
    private let bufferSize: Int
    private let logger: Logger
    private let state = NIOLockedValueBox(State())
    private let wake = WakeSignal()

    init(
        storage: any Storage, clock: any AppClock, startup: StartupGate, pollInterval: Duration = .seconds(1),
        handOutInterval: Duration = defaultHandOutInterval, tickInterval: Duration = .seconds(5), bufferSize: Int = 512,
        logger: Logger
    ) {
        self.storage = storage
        self.clock = clock
        self.startup = startup
        self.pollInterval = pollInterval
        self.handOutInterval = handOutInterval
        self.tickInterval = tickInterval
        self.bufferSize = bufferSize
        self.logger = logger
        storage.changes.subscribe { [wake] notice in
            if notice == .events || notice == .outbox || notice == .everything { wake.signal() }
        }
    }

    /// Starts watching the organization's new events; the stream ends when the server stops,
    /// when the subscriber falls too far behind, or when the subscriber stops iterating.
    func subscribe(organizationID: UUID) -> Subscription {
        let id = UUID.random()
        // A millisecond early: times read back from the log may have lost their last digits.
        let now = clock.now().addingTimeInterval(-0.001)
        let (items, continuation) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingOldest(bufferSize))
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        state.withLockedValue { state in
            state.subscribers[id] = Subscriber(organizationID: organizationID, since: now, continuation: continuation)
            if state.readFrom == nil { state.readFrom = now.addingTimeInterval(-Self.lateCommitWindow) }
        }
        wake.signal()
        return Subscription(id: id, since: now, items: items)
    }

    /// The organization's events after `id`, oldest first, given to `body` a page at a time as
    /// they are read (a long replay holds one page); false when the organization has no event
    /// `id` (nothing is replayed).
    @discardableResult
    func replay(organizationID: UUID, after id: UUID, _ body: ([StoredEvent]) async throws -> Void) async throws -> Bool {
        var after = id
        var known = false
        while true {
            let anchor = after
            guard
                let page = try await storage.read({ db in
                    try await OutboxRepository(db: db).events(organizationID: organizationID, after: anchor, limit: Self.pageSize)
                })
            else { return known }
            known = true
            if !page.isEmpty { try await body(page) }
            guard page.count == Self.pageSize, let last = page.last else { return true }
            after = last.id
        }
    }

    func run() async throws {
        guard await startup.opened() else { return }
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                let started = ContinuousClock.now
                if try await handOutNewEvents() {
                    // What is recorded meanwhile waits (its signal is kept) to go out together.
                    let rest = handOutInterval - (ContinuousClock.now - started)
                    if rest > .zero { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: rest) } }
                }
            } catch {
                if Task.isCancelled { break }
                logger.error("event stream read failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            // Woken by shutdown too: stopping never waits out the poll.
            await cancelWhenGracefulShutdown { await self.wake.wait(upTo: self.pollInterval) }
        }
        finishAll()
    }

    /// Reads the log from where the last read left off (less the late-commit window) and hands
    /// each event not yet handed out to its organization's subscribers; ticks every subscriber.
    /// True when it handed out an event.
    private func handOutNewEvents() async throws -> Bool {
        let (organizations, readFrom) = state.withLockedValue { state -> ([UUID], Date?) in
            if state.subscribers.isEmpty {
                state.readFrom = nil
                state.handedOut = [:]
            }
            return (Array(Set(state.subscribers.values.map(\.organizationID))), state.readFrom)
        }
        guard let readFrom, !organizations.isEmpty else { return false }
        var from = readFrom
        var handed = false
        while true {
            let since = from
            let page = try await storage.read { db in
                try await OutboxRepository(db: db).events(of: organizations, since: since, limit: Self.pageSize)
            }
            if await hand(page) { handed = true }
            guard page.count == Self.pageSize, let last = page.last else { break }
            // A full page of one instant would be read again: step past it.
            from = last.createdAt > from ? last.createdAt : last.createdAt.addingTimeInterval(0.001)
        }
        let tickInterval = tickInterval
        let ended = state.withLockedValue { state -> [UUID] in
            guard ContinuousClock.now - state.lastTick >= tickInterval else { return [] }
            state.lastTick = .now
            return state.subscribers.compactMap { id, subscriber in
                if case .dropped = subscriber.continuation.yield(.tick) { return id }
                return nil
            }
        }
        for id in ended { end(id) }
        return handed
    }

    /// Hands the events not handed out yet to their organization's subscribers, each its
    /// events in one item, `fanOutGroup` subscribers at a time, the groups spread over half the
    /// hand-out interval (at most 5 ms apart). Each stream's write runs on its connection's
    /// event loop: 200 at once held up the requests queued behind them on those loops, and 25 a
    /// millisecond apart still made a burst every hand-out that the slowest requests met. True
    /// when it handed out an event.
    private func hand(_ events: [StoredEvent]) async -> Bool {
        let deliveries = state.withLockedValue { state -> [Handout] in
            var new: [UUID: [StoredEvent]] = [:]
            for event in events where state.handedOut[event.id] == nil {
                state.handedOut[event.id] = event.createdAt
                new[event.organizationId, default: []].append(event)
            }
            var deliveries: [Handout] = []
            // The frames of an organization's new events, made once for its subscribers that get all of them.
            var shared: [UUID: ByteBuffer] = [:]
            for (id, subscriber) in state.subscribers {
                guard let all = new[subscriber.organizationID] else { continue }
                let theirs = all.filter { $0.createdAt >= subscriber.since }
                guard !theirs.isEmpty else { continue }
                let frames: ByteBuffer
                if theirs.count == all.count {
                    frames = shared[subscriber.organizationID] ?? Self.frames(all)
                    shared[subscriber.organizationID] = frames
                } else {
                    frames = Self.frames(theirs)
                }
                deliveries.append((id, subscriber.continuation, .events(theirs, frames: frames)))
            }
            if let newest = events.last?.createdAt {
                let start = newest.addingTimeInterval(-Self.lateCommitWindow)
                if start > (state.readFrom ?? start) { state.readFrom = start }
                let cutoff = state.readFrom ?? start
                state.handedOut = state.handedOut.filter { $0.value >= cutoff }
            }
            return deliveries
        }
        let groups = (deliveries.count + Self.fanOutGroup - 1) / Self.fanOutGroup
        let pause = groups > 1 ? min(.milliseconds(5), handOutInterval / 2 / groups) : Duration.zero
        var ended: [UUID] = []
        for (index, delivery) in deliveries.enumerated() {
            if index > 0, index % Self.fanOutGroup == 0 { try? await Task.sleep(for: pause) }
            if case .dropped = delivery.continuation.yield(delivery.item) { ended.append(delivery.id) }
        }
        for id in ended { end(id) }
        return !deliveries.isEmpty
    }

    static let fanOutGroup = 5

    /// An item for one subscriber, yielded outside the lock.
    private typealias Handout = (id: UUID, continuation: AsyncStream<Item>.Continuation, item: Item)

    /// Ends a subscriber: its stream finishes after what it holds. False when it had ended.
    @discardableResult
    func close(_ id: UUID) -> Bool {
        let continuation = state.withLockedValue { $0.subscribers.removeValue(forKey: id)?.continuation }
        continuation?.finish()
        return continuation != nil
    }

    /// Ends a subscriber that fell behind.
    private func end(_ id: UUID) {
        if close(id) { logger.info("an event stream fell behind and was ended; its client resumes from the log") }
    }

    private func remove(_ id: UUID) {
        _ = state.withLockedValue { $0.subscribers.removeValue(forKey: id) }
    }

    private func finishAll() {
        let continuations = state.withLockedValue { state -> [AsyncStream<Item>.Continuation] in
            defer { state.subscribers = [:] }
            return state.subscribers.values.map(\.continuation)
        }
        for continuation in continuations { continuation.finish() }
    }
}
