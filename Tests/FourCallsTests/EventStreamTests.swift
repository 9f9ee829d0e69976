import Foundation
import HTTPTypes
import Testing
@testable import FourCalls

/// `GET .../events/stream` (CONTRACT section 11), on live servers: events arrive as they are
/// recorded, `Last-Event-ID` replays the log then goes live without repeats, members only,
/// keep-alive comments, and the stream ends when the server stops.
@Suite("Live event stream")
struct EventStreamTests {
    static func open(_ api: TestAPI, _ base: String, token: String, lastEventID: String? = nil) async throws -> EventStreamClient {
        let stream = try EventStreamClient(port: try #require(api.port), path: "\(base)/events/stream", token: token, lastEventID: lastEventID)
        // Watching has begun once the stream says so: what is recorded from here on is streamed.
        let head = await stream.read(until: { $0.contains(": stream open") })
        try #require(head.hasPrefix("HTTP/1.1 200"), "\(head.prefix(300))")
        return stream
    }

    /// A business (with an agent) and a viewer among its members.
    static func businessWithViewer(_ api: TestAPI) async throws -> (business: AgentAPITests.Business, viewerToken: String, viewerID: String) {
        let business = try await AgentAPITests.business(api)
        let (viewerToken, viewerID) = try await api.register(name: "Vi Ewer", email: "viewer@example.com")
        try await api.addMember(business.base, adminToken: business.userToken, email: "viewer@example.com", role: "viewer", inviteeToken: viewerToken)
        return (business, viewerToken, viewerID)
    }

    /// The event log's ids, oldest first.
    static func logIDs(_ api: TestAPI, _ base: String, token: String) async throws -> [String] {
        let page = try await api.call(.get, "\(base)/events?per_page=100", token: token)
        try #require(page.status == .ok)
        return (page["data"]?.array ?? []).compactMap { $0["id"]?.string }.reversed()
    }

    @Test(arguments: Engine.enabled)
    func eventsArriveAsTheyAreRecorded(on engine: Engine) async throws {
        try await withTestApp(engine, live: true) { api in
            let (token, base) = try await api.organization()
            let stream = try await Self.open(api, base, token: token)
            #expect(stream.text.lowercased().contains("content-type: text/event-stream"))
            #expect(stream.text.lowercased().contains("cache-control: no-cache"))
            let contactID = try await api.createContact(base, token: token, json: #"{"name": "Ada", "phone": "+14155550100"}"#)
            await stream.read(until: { $0.contains("event: contact.created") }, timeout: 15)
            let events = stream.events
            try #require(events.count == 1, "\(stream.text)")
            let event = events[0]
            #expect(event.event == "contact.created")
            // The id is the event log's, the data the webhook body.
            #expect(try await Self.logIDs(api, base, token: token).last == event.id)
            let body = JSONValue.parse(event.data)
            #expect(body["event"]?.string == "contact.created")
            #expect(body["organization_id"]?.string == String(base.split(separator: "/").last ?? ""))
            #expect(body["data"]?["id"]?.string == contactID)
            #expect(body["timestamp"]?.string != nil)
        }
    }

    /// Events recorded together go out together: one write (one chunk of the body) for the
    /// five contacts of an import, not five.
    @Test(arguments: Engine.enabled)
    func eventsRecordedTogetherGoOutInOneWrite(on engine: Engine) async throws {
        try await withTestApp(engine, live: true) { api in
            let (token, base) = try await api.organization()
            let stream = try await Self.open(api, base, token: token)
            let csv = "name,phone\n" + (1...5).map { "Caller \($0),+1415555020\($0)" }.joined(separator: "\n") + "\n"
            let imported = try await api.call(.post, "\(base)/contacts/import", token: token, json: csv, headers: [.contentType: "text/csv"])
            try #require(imported["created"]?.int == 5)
            await stream.read(until: { $0.components(separatedBy: "event: contact.created").count == 6 }, timeout: 15)
            #expect(stream.events.map(\.event) == Array(repeating: "contact.created", count: 5))
            let chunks = stream.chunks
            #expect(chunks.contains { $0.components(separatedBy: "event: contact.created").count == 6 }, "\(chunks)")
        }
    }

    @Test(arguments: Engine.enabled)
    func lastEventIDReplaysTheLogThenGoesLiveWithoutRepeating(on engine: Engine) async throws {
        try await withTestApp(engine, live: true) { api in
            let (token, base) = try await api.organization()
            for index in 1...3 {
                _ = try await api.createContact(base, token: token, json: #"{"name": "Caller \#(index)", "phone": "+1415555010\#(index)"}"#)
            }
            let log = try await Self.logIDs(api, base, token: token)
            try #require(log.count == 4)  // organization.created, then the three contacts
            let stream = try await Self.open(api, base, token: token, lastEventID: log[1])
            await stream.read(until: { $0.contains(log[3]) }, timeout: 15)
            #expect(stream.events.map(\.id) == [log[2], log[3]])
            _ = try await api.createContact(base, token: token, json: #"{"name": "Caller 4", "phone": "+14155550104"}"#)
            await stream.read(until: { text in text.components(separatedBy: "event: contact.created").count == 4 }, timeout: 15)
            let newest = try await Self.logIDs(api, base, token: token).last
            #expect(stream.events.map(\.id) == [log[2], log[3], newest].compactMap { $0 })
            // Nothing comes twice, however long one waits.
            await stream.read(until: { _ in false }, timeout: 2.5)
            #expect(Set(stream.events.map(\.id)).count == stream.events.count)

            // An unknown id (or one of another organization's events) replays nothing; the stream is live.
            let other = try await api.organization(json: #"{"name": "Elsewhere"}"#)
            let foreign = try #require(try await Self.logIDs(api, other.base, token: other.token).first)
            for unknown in [UUID().uuidString, foreign, "not-an-id"] {
                let fresh = try await Self.open(api, base, token: token, lastEventID: unknown)
                await fresh.read(until: { _ in false }, timeout: 1.5)
                #expect(fresh.events.isEmpty, "\(unknown): \(fresh.text)")
            }
        }
    }

    /// Any member may watch (a viewer too); agent tokens are 401, strangers 404.
    @Test(arguments: Engine.enabled)
    func membersWatchAndNobodyElse(on engine: Engine) async throws {
        try await withTestApp(engine, live: true) { api in
            let (business, viewerToken, _) = try await Self.businessWithViewer(api)
            let viewerStream = try await Self.open(api, business.base, token: viewerToken)
            _ = try await api.createContact(business.base, token: business.userToken, json: #"{"name": "Ada", "phone": "+14155550100"}"#)
            await viewerStream.read(until: { $0.contains("event: contact.created") }, timeout: 15)
            #expect(viewerStream.events.map(\.event) == ["contact.created"])

            let path = "\(business.base)/events/stream"
            #expect(try await api.call(.get, path, token: business.agentToken).status == .unauthorized)
            #expect(try await api.call(.get, path).status == .unauthorized)
            let (strangerToken, _) = try await api.register(name: "Stranger", email: "stranger@example.com")
            #expect(try await api.call(.get, path, token: strangerToken).status == .notFound)
        }
    }

    /// A stream ends when its reader loses access, before its next event: a revoked token,
    /// a member removed from the organization. The owner's stream gets the event.
    @Test(arguments: Engine.enabled)
    func aStreamEndsWhenItsReaderLosesAccess(on engine: Engine) async throws {
        try await withTestApp(engine, live: true) { api in
            let (business, viewerToken, viewerID) = try await Self.businessWithViewer(api)
            let extra = try await api.call(.post, "/api/auth/tokens", token: business.userToken, json: #"{"name": "dashboard"}"#)
            let (extraToken, extraID) = (try #require(extra["token"]?.string), try #require(extra["id"]?.string))
            let owner = try await Self.open(api, business.base, token: business.userToken)
            let viewer = try await Self.open(api, business.base, token: viewerToken)
            let revoked = try await Self.open(api, business.base, token: extraToken)

            #expect(try await api.call(.delete, "\(business.base)/members/\(viewerID)", token: business.userToken).status == .noContent)
            #expect(try await api.call(.delete, "/api/auth/tokens/\(extraID)", token: business.userToken).status == .noContent)
            try await Task.sleep(for: EventStreamController.recheckInterval + .milliseconds(200))
            _ = try await api.createContact(business.base, token: business.userToken, json: #"{"name": "Ada", "phone": "+14155550100"}"#)
            await owner.read(until: { $0.contains("event: contact.created") }, timeout: 15)
            #expect(owner.events.map(\.event) == ["contact.created"])
            for (name, stream) in [("removed member", viewer), ("revoked token", revoked)] {
                await stream.read(until: { _ in false }, timeout: 10)
                #expect(stream.closed, "the \(name)'s stream is still open")
                #expect(stream.events.isEmpty, "the \(name)'s stream got \(stream.text)")
            }
        }
    }

    /// `webhook.test` events go to the tested endpoint only, never to the stream.
    @Test(arguments: Engine.enabled)
    func webhookTestsAreNotStreamed(on engine: Engine) async throws {
        try await withTestApp(engine, live: true, configure: { $0.webhookAllowPrivateNetworks = true }) { api in
            let (token, base) = try await api.organization()
            let stream = try await Self.open(api, base, token: token)
            // Port 9 on loopback (discard): nothing listens, the delivery fails, which is beside the point.
            let webhook = try await api.call(
                .post, "\(base)/webhooks", token: token, json: #"{"name": "CRM", "url": "http://127.0.0.1:9/hook", "events": ["*"]}"#)
            try #require(webhook.status == .created, "\(webhook.text)")
            let id = try #require(webhook["id"]?.string)
            #expect(try await api.call(.post, "\(base)/webhooks/\(id)/test", token: token).status == .accepted)
            _ = try await api.createContact(base, token: token, json: #"{"name": "Ada", "phone": "+14155550100"}"#)
            await stream.read(until: { $0.contains("event: contact.created") }, timeout: 15)
            #expect(!stream.events.map(\.event).contains("webhook.test"), "\(stream.text)")
            #expect(stream.events.map(\.event).contains("contact.created"))
        }
    }

    @Test func aQuietStreamGetsKeepAliveComments() async throws {
        try await withTestApp(.sqlite, live: true, configure: { $0.eventStreamKeepAlive = .milliseconds(500) }) { api in
            let (token, base) = try await api.organization()
            let stream = try await Self.open(api, base, token: token)
            let text = await stream.read(until: { $0.contains(": keep-alive") }, timeout: 10)
            #expect(text.contains(": keep-alive\n\n"))
            #expect(stream.events.isEmpty)
        }
    }

    /// A server that stops ends its streams (a browser's `EventSource` never leaves on its own).
    @Test(arguments: Engine.enabled)
    func theStreamEndsWhenTheServerStops(on engine: Engine) async throws {
        let stream = try await withTestApp(engine, live: true) { api in
            let (token, base) = try await api.organization()
            return try await Self.open(api, base, token: token)
        }
        await stream.read(until: { _ in false }, timeout: 10)
        #expect(stream.closed)
    }

    /// On PostgreSQL every instance streams every event, whichever instance recorded it.
    @Test(.enabled(if: Engine.postgresURL != nil, "TEST_DATABASE_URL is not set: PostgreSQL runs are skipped (see .ci/run)"))
    func everyInstanceStreamsEveryInstancesEvents() async throws {
        try await withTestApp(.postgres, live: true) { first in
            let (token, base) = try await first.organization()
            try await withSecondInstance(of: first, live: true) { second in
                let stream = try await Self.open(second, base, token: token)
                _ = try await first.createContact(base, token: token, json: #"{"name": "Ada", "phone": "+14155550100"}"#)
                await stream.read(until: { $0.contains("event: contact.created") }, timeout: 15)
                #expect(stream.events.map(\.event) == ["contact.created"])
            }
        }
    }
}
