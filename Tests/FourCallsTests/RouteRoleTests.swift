import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import FourCalls

/// Every route of the router against CONTRACT section 3's roles, in one table. A route
/// added later without a row here fails `everyRouteHasARow`.
@Suite("Routes and roles")
struct RouteRoleTests {
    /// Who may call a route.
    enum Access: Equatable {
        case anyone
        /// Any signed-in user (a user token).
        case user
        /// An AI agent's access token.
        case agent
        /// A member of the organization in the path, of this role or higher.
        case role(Role)
        /// The operator console: a session cookie, not a token (ConsoleTests hold these routes
        /// to the same roles).
        case console
    }

    /// Keyed by `METHOD path` with the `/api` or `/api/v1` prefix dropped.
    static let table: [String: Access] = {
        var rows: [String: Access] = [
            "GET /health": .anyone, "GET /ready": .anyone, "GET /metrics": .anyone,
            "GET /api/docs": .anyone, "GET /api/docs/openapi.json": .anyone,
            "POST /auth/register": .anyone, "POST /auth/login": .anyone,
            "POST /auth/logout": .user, "GET /auth/me": .user, "POST /auth/logout-all": .user, "PUT /auth/password": .user,
            "GET /auth/invitations": .user, "POST /auth/invitations/accept": .user,
            "GET /auth/tokens": .user, "POST /auth/tokens": .user, "DELETE /auth/tokens/{tokenId}": .user,
            "GET /coordinator/organizations": .user, "POST /coordinator/organizations": .user,
            "GET /coordinator/role-templates": .user, "GET /coordinator/role-templates/{templateId}": .user,
            "GET /coordinator/persona-templates": .user, "GET /coordinator/persona-templates/{templateId}": .user,
            "POST /api/internal/ai/auth": .anyone,
            "GET /api/internal/ai/context/{business_id}": .agent,
            "GET /api/internal/ai/calendar/{business_id}/availability": .agent,
            "POST /api/internal/ai/calendar/{business_id}/bookings": .agent,
            "GET /api/internal/ai/crm/{business_id}/customers/lookup": .agent,
            "POST /api/internal/ai/crm/{business_id}/leads": .agent,
            "POST /api/internal/ai/interactions/{business_id}": .agent,
            "POST /api/internal/ai/campaigns/{business_id}/calls/next": .agent,
            "GET /api/internal/ai/call-context/{business_id}": .agent,
            "POST /api/internal/ai/mcp": .agent,
            "GET /api/internal/ai/tools": .agent,
            "POST /api/internal/ai/tools/{name}": .agent,
            "POST /api/internal/ai/vapi": .agent,
            "POST /api/internal/ai/retell/functions/{name}": .agent,
            "POST /api/internal/ai/retell/webhook": .agent,
            "POST /api/internal/ai/elevenlabs/webhook": .agent,
            "GET /console": .console, "GET /console/sign-in": .console, "POST /console/sign-in": .console,
            "POST /console/sign-out": .console, "GET /console/assets/{file}": .console,
            "GET /console/organizations/{orgId}": .console, "GET /console/organizations/{orgId}/contacts": .console,
            "POST /console/organizations/{orgId}/contacts": .console, "GET /console/organizations/{orgId}/events/stream": .console,
            "GET /console/organizations/{orgId}/appointments": .console, "POST /console/organizations/{orgId}/appointments": .console,
            "POST /console/organizations/{orgId}/appointments/{appointmentId}/cancel": .console,
            "GET /console/organizations/{orgId}/contacts/{contactId}": .console, "POST /console/organizations/{orgId}/contacts/{contactId}": .console,
            "POST /console/organizations/{orgId}/appointments/{appointmentId}/reschedule": .console,
            "GET /console/organizations/{orgId}/webhooks": .console, "POST /console/organizations/{orgId}/webhooks": .console,
            "GET /console/organizations/{orgId}/webhooks/{webhookId}": .console,
            "GET /console/organizations/{orgId}/webhooks/{webhookId}/deliveries/{deliveryId}": .console,
            "POST /console/organizations/{orgId}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver": .console,
            "GET /console/organizations/{orgId}/agents": .console, "POST /console/organizations/{orgId}/agents": .console,
            "GET /console/organizations/{orgId}/members": .console, "POST /console/organizations/{orgId}/members": .console,
            "POST /console/organizations/{orgId}/members/{userId}/role": .console,
            "POST /console/organizations/{orgId}/members/{userId}/remove": .console,
            "POST /console/organizations/{orgId}/invitations/{invitationId}/revoke": .console,
            "GET /console/organizations/{orgId}/campaigns": .console, "GET /console/organizations/{orgId}/campaigns/{campaignId}": .console,
            "POST /console/organizations/{orgId}/campaigns/{campaignId}/{action}": .console,
            "POST /console/organizations/{orgId}/contacts/import": .console,
            "GET /console/organizations/{orgId}/contacts/imports/{importId}": .console,
            "GET /console/organizations/{orgId}/calls": .console, "GET /console/organizations/{orgId}/calls/{callId}": .console,
        ]
        let org = "/coordinator/organizations/{orgId}"
        func add(_ access: Access, _ routes: [String]) {
            for route in routes {
                let parts = route.split(separator: " ", maxSplits: 1)
                rows["\(parts[0]) \(org)\(parts.count > 1 ? parts[1] : "")"] = access
            }
        }
        add(.role(.viewer), [
            "GET", "GET /members", "GET /invitations", "GET /coordinators", "GET /coordinators/{coordinatorId}", "GET /contacts",
            "GET /contacts/{contactId}", "GET /contacts/imports/{importId}", "GET /contact-lists", "GET /contact-lists/{listId}", "GET /contact-lists/{listId}/contacts",
            "GET /appointment-types", "GET /appointment-types/{typeId}", "GET /appointments", "GET /appointments/{appointmentId}",
            "GET /calls", "GET /calls/stats", "GET /calls/{callId}", "GET /dashboard/metrics", "GET /faqs", "GET /faqs/{faqId}",
            "GET /polls", "GET /polls/{pollId}", "GET /polls/{pollId}/results", "GET /webhooks", "GET /webhooks/{webhookId}",
            "GET /webhooks/{webhookId}/deliveries", "GET /webhooks/{webhookId}/deliveries/{deliveryId}", "GET /events",
            "GET /events/stream",
            "GET /ai-agents", "GET /ai-agents/{agentId}", "GET /campaigns", "GET /campaigns/{campaignId}",
            "GET /campaigns/{campaignId}/stats", "GET /campaigns/{campaignId}/calls", "GET /campaigns/{campaignId}/preflight",
            "GET /suppressions",
        ])
        add(.role(.member), [
            "POST /contacts", "PUT /contacts/{contactId}", "DELETE /contacts/{contactId}", "POST /contacts/bulk-tag",
            "POST /contacts/bulk-untag", "POST /contacts/bulk-delete", "POST /contacts/import",
            "POST /contact-lists", "PUT /contact-lists/{listId}", "DELETE /contact-lists/{listId}",
            "POST /contact-lists/{listId}/contacts", "DELETE /contact-lists/{listId}/contacts",
            "POST /appointments", "PUT /appointments/{appointmentId}", "POST /appointments/{appointmentId}/cancel",
            "POST /appointments/{appointmentId}/confirm", "POST /appointments/{appointmentId}/complete",
            "POST /appointments/{appointmentId}/no-show",
            "POST /calls", "POST /campaigns", "PUT /campaigns/{campaignId}", "DELETE /campaigns/{campaignId}",
            "POST /campaigns/{campaignId}/start", "POST /campaigns/{campaignId}/pause", "POST /campaigns/{campaignId}/resume",
            "POST /campaigns/{campaignId}/cancel", "POST /suppressions", "DELETE /suppressions/{phone}", "POST /suppressions/import",
        ])
        add(.role(.admin), [
            "PUT", "POST /members", "PUT /members/{userId}", "DELETE /members/{userId}", "DELETE /invitations/{invitationId}",
            "POST /coordinators", "PUT /coordinators/{coordinatorId}", "DELETE /coordinators/{coordinatorId}",
            "POST /coordinators/{coordinatorId}/activate", "POST /coordinators/{coordinatorId}/pause",
            "POST /appointment-types", "PUT /appointment-types/{typeId}", "DELETE /appointment-types/{typeId}",
            "POST /faqs", "PUT /faqs/{faqId}", "DELETE /faqs/{faqId}", "POST /polls", "PUT /polls/{pollId}", "DELETE /polls/{pollId}",
            "POST /webhooks", "PUT /webhooks/{webhookId}", "DELETE /webhooks/{webhookId}", "POST /webhooks/{webhookId}/test",
            "POST /webhooks/{webhookId}/deliveries/{deliveryId}/redeliver",
            "POST /ai-agents", "PUT /ai-agents/{agentId}", "DELETE /ai-agents/{agentId}",
        ])
        add(.role(.owner), ["DELETE"])
        return rows
    }()

    static func key(_ method: HTTPRequest.Method, _ path: String) -> String {
        var path = path.hasPrefix("/") ? path : "/" + path
        for prefix in ["/api/v1/", "/api/"] where path.hasPrefix(prefix) && !path.hasPrefix("/api/internal") && !path.hasPrefix("/api/docs") {
            path = "/" + path.dropFirst(prefix.count)
            break
        }
        return "\(method.rawValue) \(path)"
    }

    @Test func everyRouteHasARow() async throws {
        let keys = Set(try await ApplicationRoutes.all().map { Self.key($0.method, $0.path) })
        let missing = keys.subtracting(Self.table.keys).sorted()
        let stale = Set(Self.table.keys).subtracting(keys).sorted()
        #expect(missing.isEmpty, "routes without a row: \(missing)")
        #expect(stale.isEmpty, "rows without a route: \(stale)")
    }

    /// Each organization route, called by the owner, an admin, a member and a viewer: 403
    /// `FORBIDDEN` below the route's role, anything but 401/403 from it up. Path ids other
    /// than the organization's are random, so allowed calls mostly end in 404 or 422: the
    /// role is checked before anything is looked up.
    @Test(arguments: Engine.enabled)
    func everyOrganizationRouteChecksItsRole(on engine: Engine) async throws {
        let routes = try await ApplicationRoutes.all()
        try await withTestApp(engine) { api in
            let team = try await MemberTests.team(api)
            let callers: [(Role, String)] = [(.viewer, team.viewer), (.member, team.member), (.admin, team.admin), (.owner, team.owner)]
            var checked = 0
            // The owner's DELETE of the organization goes last: it ends the organization.
            let ordered = routes.sorted { ($0.method == .delete && $0.path.hasSuffix("{orgId}") ? 1 : 0) < ($1.method == .delete && $1.path.hasSuffix("{orgId}") ? 1 : 0) }
            for route in ordered where route.path.hasPrefix("/api/coordinator/") {
                guard case .role(let minimum)? = Self.table[Self.key(route.method, route.path)] else { continue }
                var path = route.path.replacingOccurrences(of: "{orgId}", with: team.orgID)
                while let range = path.range(of: #"\{[A-Za-z_]+\}"#, options: .regularExpression) {
                    path.replaceSubrange(range, with: UUID().api)
                }
                // The live stream's GET never ends: its HEAD passes the same checks and answers at once.
                let method = route.path.hasSuffix("/events/stream") ? .head : route.method
                for (role, token) in callers {
                    let body = route.method == .post || route.method == .put ? "{}" : nil
                    let response = try await api.call(method, path, token: token, json: body)
                    if role.rank >= minimum.rank {
                        #expect(![.forbidden, .unauthorized].contains(response.status), "\(role) \(route.method) \(route.path): \(response.text)")
                    } else {
                        #expect(response.status == .forbidden, "\(role) \(route.method) \(route.path): \(response.status)")
                        #expect(response["code"]?.string == "FORBIDDEN")
                    }
                }
                checked += 1
            }
            #expect(checked > 70)
        }
    }

    /// Routes for signed-in users and agents refuse a call without a token with 401.
    @Test(arguments: Engine.enabled)
    func routesWithoutTheirTokenAre401(on engine: Engine) async throws {
        let routes = try await ApplicationRoutes.all()
        try await withTestApp(engine) { api in
            for route in routes {
                guard let access = Self.table[Self.key(route.method, route.path)], access != .anyone, access != .console else { continue }
                let path = route.path.replacingOccurrences(of: #"\{[A-Za-z_]+\}"#, with: UUID().api, options: .regularExpression)
                let response = try await api.call(route.method, path, json: route.method == .post || route.method == .put ? "{}" : nil)
                #expect(response.status == .unauthorized, "\(route.method) \(route.path): \(response.status)")
            }
        }
    }

    /// `HEAD` answers wherever `GET` does, with its status and headers and no body.
    @Test(arguments: Engine.enabled)
    func headWorksWhereverGetDoes(on engine: Engine) async throws {
        let routes = try await ApplicationRoutes.all()
        try await withTestApp(engine) { api in
            let team = try await MemberTests.team(api)
            var checked = 0
            for route in routes where route.method == .get {
                let path = route.path.replacingOccurrences(of: "{orgId}", with: team.orgID)
                    .replacingOccurrences(of: #"\{[A-Za-z_]+\}"#, with: UUID().api, options: .regularExpression)
                if path.hasPrefix("/api/"), path.hasSuffix("/events/stream") {
                    // Its GET never ends (EventStreamTests reads it over a socket); HEAD answers at once.
                    let head = try await api.call(.head, path, token: team.viewer)
                    #expect(head.status == .ok && head.text.isEmpty, "HEAD \(path): \(head.status)")
                    #expect(head.headers[.contentType] == "text/event-stream; charset=utf-8")
                    continue
                }
                let get = try await api.call(.get, path, token: team.viewer)
                let head = try await api.call(.head, path, token: team.viewer)
                #expect(head.status == get.status, "HEAD \(path): \(head.status), GET \(get.status)")
                #expect(head.text.isEmpty, "HEAD \(path) has a body")
                #expect(head.headers[.contentType] == get.headers[.contentType], "HEAD \(path)")
                checked += 1
            }
            #expect(checked > 40)
            // A path without GET answers HEAD with 405 and lists what it allows.
            let refused = try await api.call(.head, "/api/auth/login")
            #expect(refused.status == .methodNotAllowed)
            let allowed = try await api.call(.delete, "/api/coordinator/organizations/\(team.orgID)/contacts", token: team.owner)
            #expect(allowed.status == .methodNotAllowed)
            #expect(allowed.headers[.allow] == "GET, HEAD, POST")
        }
    }
}
