import Foundation
import HTTPTypes
import Hummingbird

/// `/console`: the operator console (CONTRACT section 11), server-rendered from the
/// `console/` templates, calling the same services as the API with the signed-in person's
/// roles. Sign-in sets a session cookie; every form carries a CSRF token.
struct ConsoleController {
    let sessions: ConsoleSessions
    let organizations: OrganizationService
    let contacts: ContactService
    let appointments: AppointmentService
    let calls: CallService
    let agents: AgentService
    let invitations: InvitationService
    let campaigns: CampaignService
    let importJobs: ContactImportJobs
    let webhooks: WebhookService
    let storage: any Storage
    let clock: any AppClock
    let dashboards: DashboardCache
    let limits: RequestLimits
    let hub: EventStreamHub
    let keepAlive: Duration
    let templates: PageTemplates
    /// `Secure` on the cookies: the server's public URL is https.
    let secureCookies: Bool
    /// `APP_URL`: where voice platforms reach this server (the agents page's recipes).
    let publicURL: String?

    /// The person a request comes from, with their session.
    struct SignedIn {
        let session: ConsoleSession
        let user: User
        /// The cookie to send back when the session's idle clock restarted.
        let refreshedCookie: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let errors = ConsoleErrorMiddleware(templates: templates)
        let console = router.group("console").add(middleware: errors)
        console.get("sign-in", use: signInPage)
        // The limiter answers the errors it sees in JSON: the pages' own come out as pages before.
        console.group().add(middleware: limits.byAddress()).add(middleware: errors).post("sign-in", use: signIn)
        console.post("sign-out", use: signOut)
        console.get(use: home)
        console.get("assets/{file}", use: asset)
        console.get("organizations/{orgId}", use: dashboard)
        console.get("organizations/{orgId}/contacts", use: contactList)
        console.post("organizations/{orgId}/contacts", use: createContact)
        console.post("organizations/{orgId}/contacts/import", use: importContacts)
        console.get("organizations/{orgId}/contacts/imports/{importId}", use: importProgress)
        console.get("organizations/{orgId}/contacts/{contactId}", use: contactDetail)
        console.post("organizations/{orgId}/contacts/{contactId}", use: updateContact)
        console.get("organizations/{orgId}/appointments", use: appointmentList)
        console.post("organizations/{orgId}/appointments", use: bookAppointment)
        console.post("organizations/{orgId}/appointments/{appointmentId}/cancel", use: cancelAppointment)
        console.post("organizations/{orgId}/appointments/{appointmentId}/reschedule", use: rescheduleAppointment)
        console.get("organizations/{orgId}/calls", use: callList)
        console.get("organizations/{orgId}/calls/{callId}", use: callDetail)
        console.get("organizations/{orgId}/webhooks", use: webhookList)
        console.post("organizations/{orgId}/webhooks", use: createWebhook)
        console.get("organizations/{orgId}/webhooks/{webhookId}", use: webhookDetail)
        console.get("organizations/{orgId}/webhooks/{webhookId}/deliveries/{deliveryId}", use: deliveryDetail)
        console.post("organizations/{orgId}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver", use: replayDelivery)
        console.get("organizations/{orgId}/agents", use: agentList)
        console.post("organizations/{orgId}/agents", use: createAgent)
        console.get("organizations/{orgId}/members", use: memberList)
        console.post("organizations/{orgId}/members", use: inviteMember)
        console.post("organizations/{orgId}/members/{userId}/role", use: changeMemberRole)
        console.post("organizations/{orgId}/members/{userId}/remove", use: removeMember)
        console.post("organizations/{orgId}/invitations/{invitationId}/revoke", use: revokeInvitation)
        console.get("organizations/{orgId}/campaigns", use: campaignList)
        console.get("organizations/{orgId}/campaigns/{campaignId}", use: campaignDetail)
        console.post("organizations/{orgId}/campaigns/{campaignId}/{action}", use: changeCampaign)
        console.get("organizations/{orgId}/events/stream", use: stream)
    }

    // MARK: - Signing in and out

    struct SignInView: TemplateView {
        let title = "Sign in"
        let csrf: String
        let email: String
        let next: String
        let error: [String]
    }

    @Sendable func signInPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = ConsoleHTTP.safeNext(request.formQuery["next"])
        if try await signedIn(request, next: next, required: false) != nil { return ConsoleHTTP.redirect(next) }
        let (token, cookie) = signInToken(request)
        return try ConsoleHTTP.page(
            "console/sign-in", SignInView(csrf: token, email: "", next: next, error: []), cookies: cookie.map { [$0] } ?? [],
            templates: templates)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await ConsoleHTTP.form(request)
        let next = ConsoleHTTP.safeNext(form["next"])
        guard let expected = ConsoleHTTP.cookie(ConsoleHTTP.signInCookie, in: request), !expected.isEmpty,
            TokenSecret.constantTimeEquals(expected, form[ConsoleHTTP.csrfField] ?? "")
        else { throw Self.staleForm }
        let email = form.text("email") ?? ""
        let password = form["password"] ?? ""
        func refused(_ message: String) throws -> Response {
            try ConsoleHTTP.page(
                "console/sign-in", SignInView(csrf: expected, email: email, next: next, error: [message]), status: .unprocessableContent,
                templates: templates)
        }
        guard !email.isEmpty, !password.isEmpty else { return try refused("Enter your e-mail address and password.") }
        try await limits.countSignIn(email: email)
        do {
            let (_, cookie) = try await sessions.signIn(email: email, password: String(password.prefix(72)))
            return ConsoleHTTP.redirect(next, cookies: [sessionCookie(cookie)])
        } catch let error as APIError where error.code == APIError.invalidCredentials.code {
            return try refused(error.message)
        }
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await ConsoleHTTP.form(request)
        guard let person = try await signedIn(request, next: "/console", required: false) else {
            return ConsoleHTTP.redirect("/console/sign-in")
        }
        try checkCSRF(form, person)
        try await sessions.signOut(person.session.id)
        return ConsoleHTTP.redirect(
            "/console/sign-in", cookies: [ConsoleHTTP.setCookie(ConsoleHTTP.sessionCookie, "", maxAge: 0, secure: secureCookies)])
    }

    // MARK: - Pages

    struct HomeView: TemplateView {
        let chrome: ConsoleChrome
        let organizations: [OrganizationRow]
        let hasOrganizations: Bool

        struct OrganizationRow: TemplateView {
            let href: String
            let name: String
            let role: String
            let timezone: String
        }
    }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try await requireSignIn(request)
        let rows = try await organizations.list(userID: person.user.id, page: PageRequest(page: 1, perPage: 100)).items.map { organization, role in
            HomeView.OrganizationRow(
                href: "/console/organizations/\(organization.id.api)", name: organization.name, role: role.rawValue,
                timezone: organization.timezone)
        }
        let view = HomeView(chrome: ConsoleChrome(title: "Organizations", person: person, membership: nil), organizations: rows, hasOrganizations: !rows.isEmpty)
        return try page("console/home", view, person)
    }

    struct DashboardView: TemplateView {
        let chrome: ConsoleChrome
        let today: String
        let figures: [Figure]
        let activity: [ConsoleActivity]
        let hasActivity: Bool
        let streamURL: String
        let chart: CallChart

        struct Figure: TemplateView {
            let key: String
            let label: String
            let value: Int
        }
    }

    @Sendable func dashboard(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let organization = membership.organization
        let now = clock.now()
        let metrics = try await DashboardMetrics.current(for: organization, now: now, storage: storage, cache: dashboards)
        let recent = try await webhooks.events(organization.id, named: nil, page: PageRequest(page: 1, perPage: 10)).items
        let today = LocalDay(containing: now, in: organization.timeZone)
        var lastDays = CallService.Filter()
        lastDays.range.from = today.adding(days: 1 - CallChart.days).start(in: organization.timeZone)
        lastDays.range.until = today.next.start(in: organization.timeZone)
        let stats = try await calls.stats(organization, filter: lastDays)
        let view = DashboardView(
            chrome: ConsoleChrome(title: organization.name, person: person, membership: membership, current: "dashboard"),
            today: today.text,
            figures: [
                .init(key: "today_calls", label: "Calls today", value: metrics.today_calls),
                .init(key: "total_calls", label: "Calls in all", value: metrics.total_calls),
                .init(key: "today_appointments", label: "Appointments today", value: metrics.today_appointments),
                .init(key: "total_appointments", label: "Appointments in all", value: metrics.total_appointments),
                .init(key: "total_contacts", label: "Contacts", value: metrics.total_contacts),
                .init(key: "active_coordinators", label: "Active coordinators", value: metrics.active_coordinators),
            ],
            activity: recent.map { ConsoleActivity($0, timeZone: organization.timeZone) }, hasActivity: !recent.isEmpty,
            streamURL: "/console/organizations/\(organization.id.api)/events/stream",
            chart: CallChart(stats, lastDay: today))
        return try page("console/dashboard", view, person)
    }

    struct ContactsView: TemplateView {
        let chrome: ConsoleChrome
        let search: String
        let rows: [Row]
        let total: Int
        let canWrite: Bool
        let action: String
        let fields: [ConsoleFormField]
        let formError: [String]
        let importAction: String
        let importError: [String]

        struct Row: TemplateView {
            let href: String
            let name: String
            let email: String
            let phone: String
            let status: String
        }
    }

    @Sendable func contactList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        return try await contactsPage(person, membership, search: request.formQuery.text("search"), form: .empty)
    }

    @Sendable func createContact(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let form = try await ConsoleHTTP.form(request)
        try checkCSRF(form, person)
        try require(.writeRecords, membership)
        var fields = ConsoleHTTP.fields(form)
        let input = ContactInput.read(&fields, creating: true, countryCode: membership.organization.countryCode)
        do {
            try fields.validate()
            _ = try await contacts.create(in: membership.organization.id, input)
        } catch let error as APIError where error.fieldErrors != nil || error.status == .conflict {
            return try await contactsPage(person, membership, search: nil, form: ConsoleSubmission(form, refusal: error), status: .unprocessableContent)
        }
        return ConsoleHTTP.redirect("/console/organizations/\(membership.organization.id.api)/contacts")
    }

    func contactsPage(
        _ person: SignedIn, _ membership: Membership, search: String?, form: ConsoleSubmission, importError: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var filter = ContactFilter()
        filter.search = search
        let page = try await contacts.list(membership.organization.id, filter: filter, page: PageRequest(page: 1, perPage: 50))
        let fields = [("name", "Name", "text"), ("phone", "Phone", "tel"), ("email", "E-mail", "email"), ("company", "Company", "text")]
            .map { name, label, type in
                ConsoleFormField(name: name, label: label, type: type, value: form.values[name] ?? "", errors: form.errors[name] ?? [])
            }
        let view = ContactsView(
            chrome: ConsoleChrome(title: "Contacts", person: person, membership: membership, current: "contacts"),
            search: search ?? "",
            rows: page.items.map { row in
                ContactsView.Row(
                    href: Self.contactPath(membership, row.contact.id), name: row.contact.name, email: row.contact.email ?? "", phone: row.contact.phone ?? "", status: row.contact.status.rawValue)
            },
            total: page.total, canWrite: membership.role.allows(.writeRecords),
            action: "/console/organizations/\(membership.organization.id.api)/contacts", fields: fields,
            formError: form.message.map { [$0] } ?? [],
            importAction: "/console/organizations/\(membership.organization.id.api)/contacts/import", importError: importError)
        return try self.page("console/contacts", view, person, status: status)
    }

    @Sendable func stream(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let (organizationID, sessionID, userID) = (membership.organization.id, person.session.id, person.user.id)
        let (sessions, organizations) = (sessions, organizations)
        // An open page does not keep its session alive: the check does not count as activity.
        return EventStreamController.response(to: request, organizationID: organizationID, hub: hub, keepAlive: keepAlive) {
            guard try await sessions.isActive(sessionID) else { return false }
            return try await organizations.membership(organizationID: organizationID, userID: userID) != nil
        }
    }

    @Sendable func asset(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let name = context.parameters.get("file"), let asset = ConsoleAssets.bundled[name] else {
            throw APIError.notFound("There is no such file.")
        }
        return Response(
            status: .ok,
            headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=300", .contentSecurityPolicy: ConsoleHTTP.contentSecurityPolicy],
            body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    // MARK: - Helpers

    static let staleForm = APIError.forbidden("This form has expired or did not come from this console. Go back, reload the page and try again.")

    private func signInToken(_ request: Request) -> (token: String, cookie: String?) {
        if let existing = ConsoleHTTP.cookie(ConsoleHTTP.signInCookie, in: request), existing.count >= 32 { return (existing, nil) }
        let token = TokenSecret.generate(length: 40)
        return (token, ConsoleHTTP.setCookie(ConsoleHTTP.signInCookie, token, maxAge: 3600, secure: secureCookies))
    }

    private func sessionCookie(_ value: String) -> String {
        ConsoleHTTP.setCookie(ConsoleHTTP.sessionCookie, value, maxAge: Int(ConsoleSession.idleLimit), secure: secureCookies)
    }

    /// The signed-in person, or nil (`required` false) / the sign-in redirect (`required` true).
    private func signedIn(_ request: Request, next: String, required: Bool) async throws -> SignedIn? {
        if let cookie = ConsoleHTTP.cookie(ConsoleHTTP.sessionCookie, in: request), let found = try await sessions.resolve(cookie: cookie) {
            return SignedIn(session: found.session, user: found.user, refreshedCookie: found.touched ? sessionCookie(cookie) : nil)
        }
        if required { throw ConsoleSignInRequired(next: next) }
        return nil
    }

    /// A form posted after the session ended goes back, once signed in, to the page the form
    /// was on (its `Referer`), not to the address it posted to.
    private func requireSignIn(_ request: Request) async throws -> SignedIn {
        var next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        if request.method == .post, let referer = request.headers[.referer].flatMap({ URLComponents(string: $0) }) {
            let page = referer.percentEncodedPath + (referer.percentEncodedQuery.map { "?" + $0 } ?? "")
            if ConsoleHTTP.safeNext(page) == page { next = page }
        }
        guard let person = try await signedIn(request, next: next, required: true) else { throw ConsoleSignInRequired(next: next) }
        return person
    }

    /// The person and their membership of the page's organization: 404 for anyone else.
    func requireMember(_ request: Request, _ context: AppRequestContext) async throws -> (SignedIn, Membership) {
        let person = try await requireSignIn(request)
        let organizationID = try APIBody.id("orgId", in: context, notFound: "Organization not found.")
        guard let membership = try await organizations.membership(organizationID: organizationID, userID: person.user.id) else {
            throw APIError.notFound("Organization not found.")
        }
        return (person, membership)
    }

    func checkCSRF(_ form: FormQuery, _ person: SignedIn) throws {
        guard TokenSecret.constantTimeEquals(form[ConsoleHTTP.csrfField] ?? "", person.session.csrfToken) else { throw Self.staleForm }
    }

    /// Each action needs the API's role for it: 403 below it.
    func require(_ action: OrganizationAction, _ membership: Membership) throws {
        guard membership.role.allows(action) else {
            throw APIError.forbidden("Your role (\(membership.role.rawValue)) does not allow this action.")
        }
    }

    func page(_ template: String, _ view: Any, _ person: SignedIn, status: HTTPResponse.Status = .ok) throws -> Response {
        try ConsoleHTTP.page(template, view, status: status, cookies: person.refreshedCookie.map { [$0] } ?? [], templates: templates)
    }
}
