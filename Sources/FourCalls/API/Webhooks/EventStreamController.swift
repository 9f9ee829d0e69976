import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// `GET /organizations/{orgId}/events/stream`: the organization's events as Server-Sent Events
/// (CONTRACT section 11), for any member. Each event is `id:` its event-log id, `event:` its
/// name and `data:` the webhook body on one line. With `Last-Event-ID` the log after that event
/// is replayed first, then the stream goes live without repeating what it replayed. A comment
/// keeps a quiet stream open; the stream ends when the client goes or the server stops, and
/// when its reader may no longer read: a revoked token, an ended console session or a
/// removed membership stops it before its next event (`recheckInterval`).
struct EventStreamController {
    let hub: EventStreamHub
    let keepAlive: Duration
    let accounts: AccountService
    let organizations: OrganizationService

    /// An open stream checks its reader's access again before writing, at most this often:
    /// an event recorded this long after the access ended is never written.
    static let recheckInterval: Duration = .seconds(1)

    static let lastEventID = HTTPField.Name("Last-Event-ID")
    private static let accelBuffering = HTTPField.Name("X-Accel-Buffering")

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("events/stream", use: stream)
    }

    @Sendable func stream(_ request: Request, context: OrganizationContext) async throws -> Response {
        let (organizationID, bearer, accounts, organizations) = (context.organization.id, BearerToken.parse(request.headers), accounts, organizations)
        return Self.response(to: request, organizationID: organizationID, hub: hub, keepAlive: keepAlive) {
            guard let bearer, let principal = try await accounts.authenticate(bearer: bearer) else { return false }
            return try await organizations.membership(organizationID: organizationID, userID: principal.userID) != nil
        }
    }

    /// The stream of the organization's events for `request` (the API's route and the
    /// console's, each after its own authentication). `mayRead` tells whether the reader still
    /// has access; the stream ends when it says no or fails.
    static func response(
        to request: Request, organizationID: UUID, hub: EventStreamHub, keepAlive: Duration,
        mayRead: @escaping @Sendable () async throws -> Bool
    ) -> Response {
        // A malformed id is an unknown one: nothing to replay.
        let resumeAfter = Self.lastEventID.flatMap { request.headers[$0] }.map { UUID(uuidString: $0.trimmingCharacters(in: .whitespaces)) }
        var headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"]
        if let accelBuffering = Self.accelBuffering { headers[accelBuffering] = "no" }
        // HEAD gets the head alone (an endless body is never dropped by waiting for its end).
        if request.method == .head { return Response(status: .ok, headers: headers) }
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                do {
                    try await request.body.consumeWithCancellationOnInboundClose { _ in
                        // Watching starts before the replay, so nothing recorded meanwhile is missed.
                        let subscription = hub.subscribe(organizationID: organizationID)
                        try await writer.write(ByteBuffer(string: ": stream open\n\n"))
                        // Replayed events the live side may hand out again (recorded since it started).
                        var replayed = Set<UUID>()
                        if let resumeAfter, let anchor = resumeAfter {
                            try await hub.replay(organizationID: organizationID, after: anchor) { page in
                                try await writer.write(EventStreamHub.frames(page))
                                for event in page where event.createdAt >= subscription.since { replayed.insert(event.id) }
                            }
                        }
                        var lastOutput = ContinuousClock.now
                        var lastCheck = ContinuousClock.now
                        // The server's stop ends the subscription (one handler, rather than a
                        // sequence merged with the shutdown signal, which costs a task hop per event).
                        try await withGracefulShutdownHandler {
                            for await item in subscription.items {
                                if ContinuousClock.now - lastCheck >= recheckInterval {
                                    guard (try? await mayRead()) == true else { break }
                                    lastCheck = .now
                                }
                                switch item {
                                case .events(let events, let frames):
                                    var live = events
                                    if !replayed.isEmpty {
                                        live.removeAll { replayed.remove($0.id) != nil }
                                        if live.isEmpty { continue }
                                    }
                                    try await writer.write(live.count == events.count ? frames : EventStreamHub.frames(live))
                                    lastOutput = .now
                                case .tick:
                                    guard ContinuousClock.now - lastOutput >= keepAlive else { continue }
                                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                                    lastOutput = .now
                                }
                            }
                        } onGracefulShutdown: {
                            hub.close(subscription.id)
                        }
                    }
                } catch {
                    // The client left, the server is stopping, or a write failed: the stream just ends
                    // (its head is sent, so there is no error body to give).
                }
                try? await writer.finish(nil)
            })
    }
}
