import Foundation
import HTTPTypes
import Testing
@testable import FourCalls

/// The operator console (CONTRACT section 11) through HTTP, on both engines: sign-in and its
/// session cookie, CSRF on every form, roles as in the API, each page's HTML, idle expiry and
/// sign-out, the throttle, and the live stream with the cookie.
@Suite("Operator console")
struct ConsoleTests {
    /// A browser's cookie jar for one person.
    struct Browser {
        let api: TestAPI
        var cookies: [String: String] = [:]

        var cookieHeader: HTTPFields {
            cookies.isEmpty ? [:] : [.cookie: cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
        }

        /// `refreshing`: the console script's refresh of that region (`X-Console-Refresh`).
        mutating func get(_ path: String, refreshing region: String? = nil) async throws -> APIResponse {
            var headers = cookieHeader
            if let region { headers[.consoleRefresh] = region }
            let response = try await api.call(.get, path, headers: headers)
            keep(response)
            return response
        }

        mutating func post(_ path: String, _ form: KeyValuePairs<String, String>) async throws -> APIResponse {
            var headers = cookieHeader
            headers[.contentType] = "application/x-www-form-urlencoded"
            let response = try await api.call(.post, path, json: formEncoded(form), headers: headers)
            keep(response)
            return response
        }

        private mutating func keep(_ response: APIResponse) {
            for value in response.headers[values: .setCookie] {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard pair.count == 2 else { continue }
                if value.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
            }
        }

        /// The CSRF token of the first form on a page.
        static func csrf(in html: String) throws -> String {
            let marker = #"name="_csrf" value=""#
            let start = try #require(html.range(of: marker)).upperBound
            return String(html[start...].prefix { $0 != "\"" })
        }

        /// Signs in through the form, as a person does.
        mutating func signIn(email: String, password: String = "correct horse", next: String = "/console") async throws -> APIResponse {
            let page = try await get("/console/sign-in")
            return try await post("/console/sign-in", ["_csrf": try Self.csrf(in: page.text), "next": next, "email": email, "password": password])
        }
    }

    @Test(arguments: Engine.enabled)
    func signingInSetsASessionAndSignOutEndsIt(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization(json: #"{"name": "Bright <Smiles>"}"#)
            var browser = Browser(api: api)
            // Without a session every page sends the person to sign in, and back afterwards.
            let away = try await browser.get("/console")
            #expect(away.status == .seeOther)
            #expect(away.headers[.location] == "/console/sign-in?next=%2Fconsole")

            let form = try await browser.get("/console/sign-in")
            #expect(form.status == .ok)
            #expect(form.headers[.contentType] == "text/html; charset=utf-8")
            #expect(form.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true)
            let csrfCookie = try #require(form.headers[values: .setCookie].first { $0.hasPrefix("fourcalls_csrf=") })
            #expect(csrfCookie.contains("HttpOnly") && csrfCookie.contains("SameSite=Lax") && csrfCookie.contains("Path=/console"))
            #expect(!csrfCookie.contains("Secure"))
            #expect(try Browser.csrf(in: form.text) == browser.cookies["fourcalls_csrf"])

            // A wrong password: 422 with the form again, the e-mail kept.
            let owner = try #require(try await api.call(.get, "/api/auth/me", token: token)["email"]?.string)
            let wrong = try await browser.signIn(email: owner, password: "not it")
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains(#"value="\#(owner)""#))
            #expect(wrong.text.contains("These credentials do not match our records."))
            #expect(browser.cookies["fourcalls_session"] == nil)

            let signedIn = try await browser.signIn(email: owner, next: "/console/organizations/\(base.split(separator: "/").last ?? "")")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/console/organizations/\(base.split(separator: "/").last ?? "")")
            let session = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("fourcalls_session=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Path=/console"))

            let home = try await browser.get("/console")
            #expect(home.status == .ok)
            #expect(home.text.contains("Bright &lt;Smiles&gt;"))
            #expect(!home.text.contains("Bright <Smiles>"))

            // Sign-out needs the session's CSRF token; then the cookie is gone and so is the session.
            let cookie = try #require(browser.cookies["fourcalls_session"])
            #expect(try await browser.post("/console/sign-out", ["_csrf": "forged"]).status == .forbidden)
            let out = try await browser.post("/console/sign-out", ["_csrf": try Browser.csrf(in: home.text)])
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/console/sign-in")
            #expect(browser.cookies["fourcalls_session"] == nil)
            var replay = Browser(api: api, cookies: ["fourcalls_session": cookie])
            #expect(try await replay.get("/console").status == .seeOther)
        }
    }

    /// The sign-in form is refused without its CSRF token (the cookie and the field must match).
    @Test(arguments: Engine.enabled)
    func formsWithoutTheirCSRFTokenAre403(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            _ = try await api.register(email: "ada@example.com")
            var browser = Browser(api: api)
            _ = try await browser.get("/console/sign-in")
            let forged = try await browser.post("/console/sign-in", ["_csrf": "guess", "email": "ada@example.com", "password": "correct horse"])
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("<!DOCTYPE html>"))
            var noCookie = Browser(api: api)
            var elsewhere = Browser(api: api)
            let page = try await elsewhere.get("/console/sign-in")
            let bare = try await noCookie.post(
                "/console/sign-in", ["_csrf": try Browser.csrf(in: page.text), "email": "ada@example.com", "password": "correct horse"])
            #expect(bare.status == .forbidden)
            #expect(noCookie.cookies["fourcalls_session"] == nil)
        }
    }

    @Test(arguments: Engine.enabled)
    func contactsAreListedAndCreatedWithErrorsBesideTheirFields(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            _ = try await api.createContact(base, token: token, json: #"{"name": "Grace Hopper", "phone": "+14155550100"}"#)
            let owner = try #require(try await api.call(.get, "/api/auth/me", token: token)["email"]?.string)
            var browser = Browser(api: api)
            _ = try await browser.signIn(email: owner)
            let path = "/console/organizations/\(base.split(separator: "/").last ?? "")/contacts"
            let list = try await browser.get(path)
            #expect(list.status == .ok)
            #expect(list.text.contains("Grace Hopper"))
            #expect(list.text.contains("Add contact"))
            let csrf = try Browser.csrf(in: list.text)

            let invalid = try await browser.post(path, ["_csrf": csrf, "name": "Ada <Lovelace>", "email": "not-an-address"])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains(#"value="Ada &lt;Lovelace&gt;""#), "what was typed is kept")
            #expect(invalid.text.contains(#"id="error-email""#))
            #expect(invalid.text.contains(#"aria-invalid="true""#))

            #expect(try await browser.post(path, ["_csrf": "forged", "name": "Ada Lovelace"]).status == .forbidden)
            let created = try await browser.post(path, ["_csrf": csrf, "name": "Ada Lovelace", "phone": "+14155550199"])
            #expect(created.status == .seeOther)
            let contacts = try await api.call(.get, "\(base)/contacts?search=Lovelace", token: token)
            #expect(contacts["data"]?.array?.first?["phone"]?.string == "+14155550199")
            let search = try await browser.get(path + "?search=Lovelace")
            #expect(search.text.contains("Ada Lovelace") && !search.text.contains("Grace Hopper"))
        }
    }

    /// A viewer sees no write form and gets 403 if it posts anyway; a stranger gets 404.
    @Test(arguments: Engine.enabled)
    func rolesApplyAsInTheAPI(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let (viewerToken, _) = try await api.register(name: "Vi Ewer", email: "viewer@example.com")
            try await api.addMember(base, adminToken: token, email: "viewer@example.com", role: "viewer", inviteeToken: viewerToken)
            _ = try await api.register(name: "Stranger", email: "stranger@example.com")
            let orgPath = "/console/organizations/\(base.split(separator: "/").last ?? "")"

            var viewer = Browser(api: api)
            _ = try await viewer.signIn(email: "viewer@example.com")
            let dashboard = try await viewer.get(orgPath)
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains(#"data-stream="\#(orgPath)/events/stream""#))
            #expect(dashboard.text.contains("organization.created"), "the recent activity lists the log")
            let list = try await viewer.get(orgPath + "/contacts")
            #expect(list.status == .ok)
            #expect(!list.text.contains("Add contact"))
            let refused = try await viewer.post(orgPath + "/contacts", ["_csrf": try Browser.csrf(in: list.text), "name": "Nope"])
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("does not allow this action"))

            var stranger = Browser(api: api)
            _ = try await stranger.signIn(email: "stranger@example.com")
            #expect(try await stranger.get(orgPath).status == .notFound)
            #expect(try await stranger.get(orgPath + "/contacts").status == .notFound)
        }
    }

    /// Appointments by day and week in the organization's time zone: booked on the day
    /// daylight-saving time starts in New York (9:00 there is 13:00 UTC, not 14:00), refused
    /// beside the form when the slot is taken, cancelled.
    @Test(arguments: Engine.enabled)
    func appointmentsAreBookedAndCancelledInTheOrganizationsTimeZone(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization(
                json: #"{"name": "Bright Smiles", "timezone": "America/New_York", "business_hours": \#(AgentAPITests.allWeek)}"#)
            let contactID = try await api.createContact(base, token: token, json: #"{"name": "Grace Hopper", "phone": "+14155550100"}"#)
            let owner = try #require(try await api.call(.get, "/api/auth/me", token: token)["email"]?.string)
            var browser = Browser(api: api)
            _ = try await browser.signIn(email: owner)
            let path = "/console/organizations/\(base.split(separator: "/").last ?? "")/appointments"
            let day = try await browser.get(path + "?day=2027-03-14")
            #expect(day.status == .ok)
            #expect(day.text.contains("Sunday, March 14"))
            #expect(day.text.contains("Grace Hopper"), "the contact is offered in the booking form")
            let csrf = try Browser.csrf(in: day.text)
            let form: KeyValuePairs<String, String> = ["_csrf": csrf, "contact_id": contactID, "date": "2027-03-14", "time": "09:00", "duration_minutes": "30"]
            let booked = try await browser.post(path, form)
            #expect(booked.status == .seeOther)
            #expect(booked.headers[.location] == path + "?day=2027-03-14")
            let stored = try await api.call(.get, "\(base)/appointments", token: token)
            let appointment = try #require(stored["data"]?.array?.first)
            #expect(appointment["scheduled_at"]?.string == "2027-03-14T13:00:00Z")
            let listed = try await browser.get(path + "?day=2027-03-14")
            #expect(listed.text.contains("<strong>9:00 AM</strong> Grace Hopper"))
            #expect(listed.text.contains(#"/contacts/\#(contactID)#appointments-title">Reschedule</a>"#), "rescheduled from the contact's page")

            let clash = try await browser.post(path, form)
            #expect(clash.status == .unprocessableContent)
            #expect(clash.text.contains("not available"))
            #expect(clash.text.contains(#"value="09:00""#))
            let badTime = try await browser.post(path, ["_csrf": csrf, "contact_id": contactID, "date": "2027-03-14", "time": "25:00"])
            #expect(badTime.status == .unprocessableContent)
            #expect(badTime.text.contains(#"id="error-time""#))

            let week = try await browser.get(path + "?day=2027-03-14&view=week")
            #expect(week.text.components(separatedBy: #"<section class="day">"#).count - 1 == 7)
            #expect(week.text.contains("Saturday, March 20"))

            let id = try #require(appointment["id"]?.string)
            #expect(try await browser.post("\(path)/\(id)/cancel", ["_csrf": "forged"]).status == .forbidden)
            let cancelled = try await browser.post("\(path)/\(id)/cancel", ["_csrf": csrf])
            #expect(cancelled.status == .seeOther)
            #expect(try await api.call(.get, "\(base)/appointments/\(id)", token: token)["status"]?.string == "cancelled")
            #expect(!(try await browser.get(path + "?day=2027-03-14")).text.contains("/\(id)/cancel"), "a cancelled one has no cancel button")
        }
    }

    /// The call log: newest first with the contact's name, filtered by status and local day
    /// (a date that is not one is refused beside its field), one call with its summary and
    /// transcript escaped and only a web address as its recording link; the dashboard's chart
    /// of the last 14 days and answer rate; another organization's call is 404.
    @Test(arguments: Engine.enabled)
    func callsAreListedFilteredAndShownWithTheirTranscript(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization(json: #"{"name": "Bright Smiles", "timezone": "America/New_York"}"#)
            let contactID = try await api.createContact(base, token: token, json: #"{"name": "Grace Hopper", "phone": "+14155550100"}"#)
            let now = Date()
            func logged(_ status: String, hoursAgo: Double, extra: String = "") async throws -> String {
                let started = ISO8601DateFormatter().string(from: now.addingTimeInterval(-hoursAgo * 3600))
                let response = try await api.call(
                    .post, "\(base)/calls", token: token,
                    json: #"{"direction": "inbound", "status": "\#(status)", "from_number": "+14155550100", "started_at": "\#(started)", "duration_seconds": 125, "contact_id": "\#(contactID)"\#(extra)}"#)
                #expect(response.status == .created)
                return try #require(response["id"]?.string)
            }
            let answered = try await logged(
                "completed", hoursAgo: 1,
                extra: #", "summary": "Booked a <cleaning>", "transcript": "Agent: Hello\nCaller: <script>alert(1)</script>", "recording_url": "https://recordings.example.com/1.mp3""#)
            let missed = try await logged("missed", hoursAgo: 2)
            _ = try await logged("completed", hoursAgo: 3)
            let owner = try #require(try await api.call(.get, "/api/auth/me", token: token)["email"]?.string)
            var browser = Browser(api: api)
            _ = try await browser.signIn(email: owner)
            let organization = "/console/organizations/\(base.split(separator: "/").last ?? "")"

            let list = try await browser.get(organization + "/calls")
            #expect(list.status == .ok)
            #expect(list.text.components(separatedBy: "<td>Grace Hopper</td>").count - 1 == 3)
            let newest = try #require(list.text.range(of: "/calls/\(answered)"))
            let older = try #require(list.text.range(of: "/calls/\(missed)"))
            #expect(newest.lowerBound < older.lowerBound, "newest first")
            #expect(list.text.contains("2:05"))
            #expect(list.text.contains("Booked a &lt;cleaning&gt;"))
            let onlyMissed = try await browser.get(organization + "/calls?status=missed")
            #expect(onlyMissed.text.contains("/calls/\(missed)"))
            #expect(!onlyMissed.text.contains("/calls/\(answered)"))
            #expect(onlyMissed.text.contains(#"<option value="missed" selected>"#))
            let tomorrow = LocalDay(containing: now.addingTimeInterval(86_400), in: TimeZone(identifier: "America/New_York") ?? .gmt).text
            #expect(!(try await browser.get(organization + "/calls?start_date=\(tomorrow)")).text.contains("/calls/\(answered)"))
            let badDate = try await browser.get(organization + "/calls?start_date=yesterday")
            #expect(badDate.status == .unprocessableContent)
            #expect(badDate.text.contains(#"id="error-start_date""#))
            #expect(badDate.text.contains(#"value="yesterday""#))

            let detail = try await browser.get(organization + "/calls/\(answered)")
            #expect(detail.status == .ok)
            #expect(detail.text.contains("Caller: &lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!detail.text.contains("<script>alert"))
            #expect(detail.text.contains(#"<p class="line">Agent: Hello</p>"#))
            #expect(detail.text.contains(#"href="https://recordings.example.com/1.mp3""#))
            #expect(detail.text.contains("Grace Hopper"))
            #expect(try await browser.get(organization + "/calls/\(UUID().api)").status == .notFound)

            let dashboard = try await browser.get(organization)
            #expect(dashboard.text.contains("<svg"))
            #expect(dashboard.text.contains("<strong data-answer-rate>66%</strong>"))
            #expect(dashboard.text.contains("3 calls from "))
            #expect(dashboard.text.components(separatedBy: "<rect ").count - 1 == CallChart.days)

            let (otherToken, otherBase) = try await api.organization(json: #"{"name": "Elsewhere"}"#)
            let foreign = try await api.call(.post, "\(otherBase)/calls", token: otherToken, json: #"{"direction": "inbound", "status": "completed"}"#)
            let foreignID = try #require(foreign["id"]?.string)
            #expect(try await browser.get(organization + "/calls/\(foreignID)").status == .notFound)
        }
    }

    /// One contact: details, appointments and calls; edited (a blank field cleared, tags
    /// comma-separated, an invalid phone refused beside its field with what was typed kept);
    /// an appointment rescheduled on the organization's clock, and refused at its row when
    /// the new slot is taken.
    @Test(arguments: Engine.enabled)
    func aContactIsShownEditedAndTheirAppointmentRescheduled(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization(
                json: #"{"name": "Bright Smiles", "timezone": "America/New_York", "business_hours": \#(AgentAPITests.allWeek)}"#)
            let contactID = try await api.createContact(
                base, token: token, json: #"{"name": "Grace Hopper", "phone": "+14155550100", "email": "grace@example.com", "company": "Navy", "tags": ["vip"]}"#)
            let otherID = try await api.createContact(base, token: token, json: #"{"name": "Alan Turing"}"#)
            let booked = try await api.call(
                .post, "\(base)/appointments", token: token, json: #"{"contact_id": "\#(contactID)", "scheduled_at": "2027-03-15T14:00:00Z"}"#)
            let appointmentID = try #require(booked["id"]?.string)
            _ = try await api.call(
                .post, "\(base)/appointments", token: token, json: #"{"contact_id": "\#(otherID)", "scheduled_at": "2027-03-16T15:00:00Z"}"#)
            let call = try await api.call(
                .post, "\(base)/calls", token: token,
                json: #"{"direction": "outbound", "status": "completed", "contact_id": "\#(contactID)", "summary": "Confirmed the visit"}"#)
            let callID = try #require(call["id"]?.string)
            let owner = try #require(try await api.call(.get, "/api/auth/me", token: token)["email"]?.string)
            var browser = Browser(api: api)
            _ = try await browser.signIn(email: owner)
            let organization = "/console/organizations/\(base.split(separator: "/").last ?? "")"
            let path = organization + "/contacts/\(contactID)"

            #expect(try await browser.get(organization + "/contacts").text.contains(#"<a href="\#(path)">Grace Hopper</a>"#))
            let page = try await browser.get(path)
            #expect(page.status == .ok)
            #expect(page.text.contains("grace@example.com"))
            #expect(page.text.contains("Monday, March 15 at 10:00 AM"), "14:00 UTC is 10:00 in New York")
            #expect(page.text.contains(#"value="10:00""#), "the reschedule form starts at the appointment's local time")
            #expect(page.text.contains("/calls/\(callID)"))
            #expect(page.text.contains("Confirmed the visit"))
            #expect(try await browser.get(organization + "/contacts/\(UUID().api)").status == .notFound)
            let csrf = try Browser.csrf(in: page.text)

            let invalid = try await browser.post(
                path, ["_csrf": csrf, "name": "Grace Hopper", "phone": "not a phone", "email": "", "company": "Navy", "tags": "vip"])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains(#"id="error-phone""#))
            #expect(invalid.text.contains(#"value="not a phone""#))
            let saved = try await browser.post(
                path, ["_csrf": csrf, "name": "Grace B. Hopper", "phone": "+14155550100", "email": "", "company": "US Navy",
                       "tags": "vip, speaker", "status": "active", "notes": "Prefers mornings"])
            #expect(saved.status == .seeOther)
            let stored = try await api.call(.get, "\(base)/contacts/\(contactID)", token: token)
            #expect(stored["name"]?.string == "Grace B. Hopper")
            #expect(stored["email"] == .null, "a field sent blank is cleared")
            #expect(stored["company"]?.string == "US Navy")
            #expect(stored["tags"]?.array?.compactMap(\.string) == ["speaker", "vip"])
            #expect(stored["notes"]?.string == "Prefers mornings")

            let reschedule = organization + "/appointments/\(appointmentID)/reschedule"
            let taken = try await browser.post(reschedule, ["_csrf": csrf, "date": "2027-03-16", "time": "11:00"])
            #expect(taken.status == .unprocessableContent)
            #expect(taken.text.contains("not available"))
            #expect(taken.text.contains(#"value="2027-03-16""#))
            let badTime = try await browser.post(reschedule, ["_csrf": csrf, "date": "2027-03-16", "time": "later"])
            #expect(badTime.text.contains(#"id="error-time-\#(appointmentID)""#))
            let moved = try await browser.post(reschedule, ["_csrf": csrf, "date": "2027-03-17", "time": "09:30"])
            #expect(moved.status == .seeOther)
            #expect(moved.headers[.location] == path)
            let after = try await api.call(.get, "\(base)/appointments/\(appointmentID)", token: token)
            #expect(after["scheduled_at"]?.string == "2027-03-17T13:30:00Z")

            // A form posted once the session is gone: signing in leads back to the page the
            // form was on, not to the address it posted to.
            let stale = try await api.call(
                .post, reschedule, json: "_csrf=\(csrf)&date=2027-03-18&time=09:00",
                headers: [.contentType: "application/x-www-form-urlencoded", .referer: "http://127.0.0.1\(path)"])
            #expect(stale.status == .seeOther)
            #expect(stale.headers[.location] == "/console/sign-in?next=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            let elsewhere = try await api.call(
                .post, reschedule, json: "_csrf=\(csrf)", headers: [.contentType: "application/x-www-form-urlencoded", .referer: "https://evil.example/x"])
            #expect(elsewhere.headers[.location] == "/console/sign-in?next=" + (reschedule.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        }
    }

    /// Webhooks: an endpoint added (an invalid URL refused beside its field; the signing
    /// secret shown once), its deliveries, one delivery's attempt log, and a replay that the
    /// receiver (on loopback) gets again.
    @Test(arguments: Engine.enabled)
    func webhookEndpointsDeliveriesAndReplays(on engine: Engine) async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await withTestApp(engine, configure: WebhookTests.allowLoopback) { api in
                let (token, base) = try await api.organization()
                let owner = try #require(try await api.call(.get, "/api/auth/me", token: token)["email"]?.string)
                var browser = Browser(api: api)
                _ = try await browser.signIn(email: owner)
                let path = "/console/organizations/\(base.split(separator: "/").last ?? "")/webhooks"
                let empty = try await browser.get(path)
                #expect(empty.status == .ok)
                #expect(empty.text.contains("No endpoints yet."))
                let csrf = try Browser.csrf(in: empty.text)

                let invalid = try await browser.post(path, ["_csrf": csrf, "name": "Receiver", "url": "not a url", "events": "contact.created"])
                #expect(invalid.status == .unprocessableContent)
                #expect(invalid.text.contains(#"id="error-url""#))
                #expect(invalid.text.contains(#"value="not a url""#))
                let unknownEvent = try await browser.post(path, ["_csrf": csrf, "name": "Receiver", "url": url, "events": "contact.created, lunch.eaten"])
                #expect(unknownEvent.text.contains(#"id="error-events""#))
                let added = try await browser.post(path, ["_csrf": csrf, "name": "Receiver", "url": url, "events": "contact.created"])
                #expect(added.status == .created)
                #expect(added.text.contains(#"<code class="secret">"#), "the secret is shown once")
                #expect(!(try await browser.get(path)).text.contains(#"<code class="secret">"#))
                let webhookID = try #require(try await api.call(.get, "\(base)/webhooks", token: token)["data"]?[0]?["id"]?.string)
                #expect(added.text.contains(#"href="\#(path)/\#(webhookID)""#))

                _ = try await api.createContact(base, token: token, json: #"{"name": "Grace Hopper"}"#)
                _ = try await receiver.waitFor(1)
                var deliveries = try await api.call(.get, "\(base)/webhooks/\(webhookID)/deliveries", token: token)
                for _ in 0..<200 where deliveries["data"]?[0]?["status"]?.string != "delivered" {
                    try await Task.sleep(for: .milliseconds(100))
                    deliveries = try await api.call(.get, "\(base)/webhooks/\(webhookID)/deliveries", token: token)
                }
                let deliveryID = try #require(deliveries["data"]?[0]?["id"]?.string)
                let endpoint = try await browser.get("\(path)/\(webhookID)")
                #expect(endpoint.text.contains("contact.created"))
                #expect(endpoint.text.contains("<td>delivered</td>"))
                #expect(!(try await browser.get("\(path)/\(webhookID)?status=failed")).text.contains("/deliveries/\(deliveryID)"))
                let delivery = try await browser.get("\(path)/\(webhookID)/deliveries/\(deliveryID)")
                #expect(delivery.status == .ok)
                #expect(delivery.text.contains("HTTP 200"))
                let replayed = try await browser.post("\(path)/\(webhookID)/deliveries/\(deliveryID)/redeliver", ["_csrf": csrf])
                #expect(replayed.status == .seeOther)
                let twice = try await receiver.waitFor(2)
                #expect(twice.count == 2)
                #expect(twice.map { $0.headers["webhook-id"] }.allSatisfy { $0 == twice[0].headers["webhook-id"] }, "a replay keeps its webhook-id")
                #expect(try await browser.get("\(path)/\(webhookID)/deliveries/\(UUID().api)").status == .notFound)
            }
        }
    }

    /// AI agents: added by an admin (a blank name refused beside its field), the API key
    /// shown once and in the recipes, and the key working as the agent's credential at once;
    /// a viewer sees the recipes without a key and no form, and a post anyway is 403.
    @Test(arguments: Engine.enabled)
    func agentsAreAddedWithTheirKeyShownOnceInTheRecipes(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let owner = try #require(try await api.call(.get, "/api/auth/me", token: token)["email"]?.string)
            var browser = Browser(api: api)
            _ = try await browser.signIn(email: owner)
            let organizationID = String(base.split(separator: "/").last ?? "")
            let path = "/console/organizations/\(organizationID)/agents"
            let empty = try await browser.get(path)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("No AI agents yet."))
            #expect(empty.text.contains("/api/internal/ai/mcp</code>"))
            let csrf = try Browser.csrf(in: empty.text)
            let unnamed = try await browser.post(path, ["_csrf": csrf, "name": ""])
            #expect(unnamed.status == .unprocessableContent)
            #expect(unnamed.text.contains(#"id="error-name""#))
            let added = try await browser.post(path, ["_csrf": csrf, "name": "Front desk"])
            #expect(added.status == .created)
            let marker = #"<code class="secret">"#
            let start = try #require(added.text.range(of: marker)).upperBound
            let key = String(added.text[start...].prefix { $0 != "<" })
            #expect(key.hasPrefix("fc_ak_"))
            #expect(added.text.contains("/api/internal/ai/retell/webhook?key=\(key)"), "the recipes carry the new key")
            let listed = try await browser.get(path)
            #expect(listed.text.contains("<td>Front desk</td>"))
            #expect(!listed.text.contains(key), "the key is shown once")
            let context = try await api.call(.get, "/api/internal/ai/call-context/\(organizationID)", token: key)
            #expect(context.status == .ok, "the key works as the agent's credential")

            let (viewerToken, _) = try await api.register(name: "Vi Ewer", email: "viewer@example.com")
            try await api.addMember(base, adminToken: token, email: "viewer@example.com", role: "viewer", inviteeToken: viewerToken)
            var watcher = Browser(api: api)
            _ = try await watcher.signIn(email: "viewer@example.com")
            let seen = try await watcher.get(path)
            #expect(seen.status == .ok)
            #expect(!seen.text.contains("Add agent"))
            #expect(try await watcher.post(path, ["_csrf": try Browser.csrf(in: seen.text), "name": "Sneaky"]).status == .forbidden)
        }
    }

    /// Members: an admin invites (a bad address refused beside its field; the token shown
    /// once, and it lets the invitee in through the API), changes a role, revokes an
    /// invitation and removes a member; the owner has no forms; a viewer sees no forms and
    /// gets 403 for a post anyway.
    @Test(arguments: Engine.enabled)
    func membersAreInvitedGivenRolesAndRemoved(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let owner = try #require(try await api.call(.get, "/api/auth/me", token: token)["email"]?.string)
            let (inviteeToken, inviteeID) = try await api.register(name: "Ivy Invitee", email: "ivy@example.com")
            var browser = Browser(api: api)
            _ = try await browser.signIn(email: owner)
            let path = "/console/organizations/\(base.split(separator: "/").last ?? "")/members"
            let page = try await browser.get(path)
            #expect(page.status == .ok)
            #expect(!page.text.contains("/remove"), "the owner has no forms")
            let csrf = try Browser.csrf(in: page.text)

            let bad = try await browser.post(path, ["_csrf": csrf, "email": "not-an-address", "role": "member"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains(#"id="error-email""#))
            let invited = try await browser.post(path, ["_csrf": csrf, "email": "ivy@example.com", "role": "viewer"])
            #expect(invited.status == .created)
            let start = try #require(invited.text.range(of: #"<code class="secret">"#)).upperBound
            let invitationToken = String(invited.text[start...].prefix { $0 != "<" })
            #expect(invited.text.contains("ivy@example.com"), "listed as pending")
            let accepted = try await api.call(.post, "/api/auth/invitations/accept", token: inviteeToken, json: #"{"token": "\#(invitationToken)"}"#)
            #expect(accepted.status == .ok)

            let members = try await browser.get(path)
            #expect(members.text.contains("Ivy Invitee"))
            #expect(members.text.contains("\(path)/\(inviteeID)/role"))
            var ivy = Browser(api: api)
            _ = try await ivy.signIn(email: "ivy@example.com")
            let seen = try await ivy.get(path)
            #expect(!seen.text.contains("Invite someone"))
            #expect(try await ivy.post("\(path)/\(inviteeID)/role", ["_csrf": try Browser.csrf(in: seen.text), "role": "admin"]).status == .forbidden)

            #expect(try await browser.post("\(path)/\(inviteeID)/role", ["_csrf": csrf, "role": "member"]).status == .seeOther)
            let listed = try await api.call(.get, "\(base)/members", token: token)
            #expect(listed["data"]?.array?.first { $0["user_id"]?.string == inviteeID }?["role"]?.string == "member")
            #expect(try await browser.post("\(path)/\(inviteeID)/role", ["_csrf": csrf, "role": "owner"]).status == .unprocessableContent)

            _ = try await browser.post(path, ["_csrf": csrf, "email": "later@example.com", "role": "member"])
            let pending = try await api.call(.get, "\(base)/invitations", token: token)
            let invitationID = try #require(pending["data"]?[0]?["id"]?.string)
            let organizationPath = path.replacingOccurrences(of: "/members", with: "")
            #expect(try await browser.post("\(organizationPath)/invitations/\(invitationID)/revoke", ["_csrf": csrf]).status == .seeOther)
            #expect(try await api.call(.get, "\(base)/invitations", token: token)["total"]?.int == 0)

            #expect(try await browser.post("\(path)/\(inviteeID)/remove", ["_csrf": csrf]).status == .seeOther)
            #expect(!(try await browser.get(path)).text.contains("Ivy Invitee"))
        }
    }

    /// Campaigns: listed with their progress; one campaign's preflight (a do-not-contact
    /// contact counted out), started, refused a resume while running (409 with the reason),
    /// its numbers and progress moving as an agent reports a call (the script's refresh of
    /// them makes no preflight), then paused.
    @Test(arguments: Engine.enabled)
    func campaignsShowPreflightProgressAndTheirButtons(on engine: Engine) async throws {
        let clock = ManualClock(Timestamps.parse("2027-03-02T15:00:00Z") ?? Date())
        try await withTestApp(engine, clock: clock) { api in
            let audience = try await CampaignTests.audience(api, count: 3)
            let b = audience.business
            _ = try await api.call(.put, "\(b.base)/contacts/\(audience.contactIDs[2])", token: b.userToken, json: #"{"status": "do_not_contact"}"#)
            let list = try await CampaignTests.list(api, b, name: "Recall", audience.contactIDs)
            let campaignID = try await CampaignTests.campaign(api, b, lists: [list])
            let owner = try #require(try await api.call(.get, "/api/auth/me", token: b.userToken)["email"]?.string)
            var browser = Browser(api: api)
            _ = try await browser.signIn(email: owner)
            let base = "/console/organizations/\(b.businessID)/campaigns"
            let path = "\(base)/\(campaignID)"

            #expect(try await browser.get(base).text.contains(#"<a href="\#(path)">Spring recall</a>"#))
            let draft = try await browser.get(path)
            #expect(draft.status == .ok)
            #expect(draft.text.contains("<dt>Would be called</dt><dd>2</dd>"))
            #expect(draft.text.contains("<dt>do not contact</dt><dd>1</dd>"))
            #expect(draft.text.contains(">Start</button>"))
            let csrf = try Browser.csrf(in: draft.text)

            #expect(try await browser.post("\(path)/start", ["_csrf": csrf]).status == .seeOther)
            let running = try await browser.get(path)
            #expect(running.text.contains(#"<span class="role">running</span>"#))
            #expect(running.text.contains(">Pause</button>"))
            #expect(running.text.contains(#"data-refresh-on="call.completed"#), "the progress refreshes itself from the event stream")
            let refused = try await browser.post("\(path)/resume", ["_csrf": csrf])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("running"))
            #expect(try await browser.post("\(path)/launch", ["_csrf": csrf]).status == .notFound)

            let leased = try await CampaignTests.next(api, b)
            let callID = try #require(leased["campaign_call_id"]?.string)
            _ = try await CampaignTests.report(api, b, callID, "completed")
            let progressed = try await browser.get(path)
            #expect(progressed.text.contains("<dt>Completed</dt><dd>1</dd>"))
            #expect(progressed.text.contains("<span data-progress>2 of 3</span>"), "the completed call and the skipped contact are done with")
            #expect(progressed.text.contains(#"<h2 id="preflight-title">Preflight</h2>"#))
            #expect(progressed.text.contains(#"<div id="\#(ConsoleController.campaignLiveRegion)" data-refresh"#))
            let refreshed = try await browser.get(path, refreshing: ConsoleController.campaignLiveRegion)
            #expect(refreshed.status == .ok)
            #expect(refreshed.text.contains("<dt>Completed</dt><dd>1</dd>"))
            #expect(refreshed.text.contains("<span data-progress>2 of 3</span>"))
            #expect(!refreshed.text.contains("Preflight"), "a refresh of the progress screened the audience again")
            #expect(try await browser.get(path, refreshing: "another-region").text.contains("<dt>Would be called</dt>"))

            #expect(try await browser.post("\(path)/pause", ["_csrf": csrf]).status == .seeOther)
            #expect(try await browser.get(path).text.contains(">Resume</button>"))
        }
    }

    /// A CSV file uploaded from the contacts page (multipart, as a browser sends it) runs as an
    /// import job; its page shows the progress while it runs (refreshing itself) and the
    /// counts and refused rows when done; no file is refused beside the field.
    @Test(arguments: Engine.enabled)
    func aCSVFileIsImportedAsAJobWithItsProgress(on engine: Engine) async throws {
        try await withTestApp(engine, live: true) { api in
            let (token, base) = try await api.organization()
            let owner = try #require(try await api.call(.get, "/api/auth/me", token: token)["email"]?.string)
            var browser = Browser(api: api)
            _ = try await browser.signIn(email: owner)
            let contacts = "/console/organizations/\(base.split(separator: "/").last ?? "")/contacts"
            let page = try await browser.get(contacts)
            #expect(page.text.contains(#"enctype="multipart/form-data""#))
            let csrf = try Browser.csrf(in: page.text)
            let boundary = "----ConsoleTestBoundary7MA4YWxk"
            func multipart(file: String?) -> String {
                var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n"
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"contacts.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file ?? "")\r\n"
                return body + "--\(boundary)--\r\n"
            }
            let headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: browser.cookieHeader[.cookie] ?? ""]
            let none = try await api.call(.post, contacts + "/import", json: multipart(file: nil), headers: headers)
            #expect(none.status == .unprocessableContent)
            #expect(none.text.contains(#"id="error-file""#))

            var csv = "name,email,phone\n"
            for index in 0..<300 { csv += "Person \(index),person\(index)@example.com,+1555\(String(format: "%07d", index))\n" }
            csv += "Nobody,not-an-email,\n"
            let started = try await api.call(.post, contacts + "/import", json: multipart(file: csv), headers: headers)
            #expect(started.status == .seeOther)
            let location = try #require(started.headers[.location])
            #expect(location.hasSuffix("?rows=301"))
            var progress = try await browser.get(location)
            #expect(progress.status == .ok)
            for _ in 0..<100 where progress.text.contains("data-refresh-every") {
                #expect(progress.text.contains(#"max="301""#), "while it runs the bar ends at the file's rows")
                try await Task.sleep(for: .milliseconds(100))
                progress = try await browser.get(location)
            }
            #expect(progress.text.contains(#"<span class="role" data-import-status>done</span>"#))
            #expect(progress.text.contains("<dt>Created</dt><dd>300</dd>"))
            #expect(progress.text.contains("<dt>Refused</dt><dd>1</dd>"))
            #expect(progress.text.contains("<strong>Row 302</strong>") || progress.text.contains("<strong>Row 301</strong>"))
            #expect(try await api.call(.get, "\(base)/contacts?search=person%20299", token: token)["total"]?.int == 1)
            #expect(try await browser.get(contacts + "/imports/\(UUID().api)").status == .notFound)
        }
    }

    /// Twelve hours without a request end a session; requests before that keep it alive.
    @Test func sessionsEndAfterTwelveIdleHours() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await withTestApp(.sqlite, clock: clock) { api in
            _ = try await api.register(email: "ada@example.com")
            var browser = Browser(api: api)
            _ = try await browser.signIn(email: "ada@example.com")
            clock.advance(by: 11 * 3600)
            #expect(try await browser.get("/console").status == .ok)
            clock.advance(by: 11 * 3600)
            #expect(try await browser.get("/console").status == .ok, "the last request restarted the idle clock")
            clock.advance(by: 12 * 3600 + 1)
            let expired = try await browser.get("/console")
            #expect(expired.status == .seeOther)
            #expect(expired.headers[.location]?.hasPrefix("/console/sign-in") == true)
        }
    }

    /// Sign-in counts per address like the API's login (the registration counted too, from
    /// the same address), and 429 is a page. The clock stands still mid-minute: the limiter's
    /// one-minute window would otherwise turn over between attempts now and then.
    @Test func signInIsThrottledLikeTheAPI() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_030))
        try await withTestApp(.sqlite, clock: clock, configure: { $0.rateLimitAuth = 4 }) { api in
            _ = try await api.register(email: "ada@example.com")
            var browser = Browser(api: api)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 {
                statuses.append(try await browser.signIn(email: "ada@example.com", password: "wrong password").status)
            }
            #expect(statuses == [.unprocessableContent, .unprocessableContent, .unprocessableContent, .tooManyRequests])
            let refused = try await browser.signIn(email: "ada@example.com", password: "wrong password")
            #expect(refused.text.contains("<!DOCTYPE html>") && refused.headers[.retryAfter] != nil)
        }
    }

    @Test func secureCookiesBehindHTTPS() async throws {
        try await withTestApp(.sqlite, configure: { $0.appURL = "https://calls.example.com" }) { api in
            _ = try await api.register(email: "ada@example.com")
            var browser = Browser(api: api)
            let signedIn = try await browser.signIn(email: "ada@example.com")
            #expect(signedIn.headers[values: .setCookie].first { $0.hasPrefix("fourcalls_session=") }?.contains("; Secure") == true)
        }
    }

    /// The stylesheet and script are served by the binary; the page loads nothing else.
    @Test func assetsAreServedAndPagesLoadNothingFromElsewhere() async throws {
        try await withTestApp(.sqlite) { api in
            let css = try await api.call(.get, "/console/assets/console.css")
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
            let script = try await api.call(.get, "/console/assets/console.js")
            #expect(script.status == .ok && script.text.contains("EventSource"))
            #expect(try await api.call(.get, "/console/assets/nothing.js").status == .notFound)
            let page = try await api.call(.get, "/console/sign-in")
            #expect(!page.text.contains("http://") && !page.text.contains("https://"))
            #expect(!page.text.contains("<script>") && !page.text.contains("style=\""))
        }
    }

    /// The dashboard's stream takes the session cookie (a browser's EventSource sends no
    /// headers of its own), carries the organization's events and ends at sign-out.
    @Test(arguments: Engine.enabled)
    func theDashboardStreamTakesTheSessionCookie(on engine: Engine) async throws {
        try await withTestApp(engine, live: true) { api in
            let (token, base) = try await api.organization()
            let owner = try #require(try await api.call(.get, "/api/auth/me", token: token)["email"]?.string)
            var browser = Browser(api: api)
            _ = try await browser.signIn(email: owner)
            let session = try #require(browser.cookies["fourcalls_session"])
            let path = "/console/organizations/\(base.split(separator: "/").last ?? "")/events/stream"
            let stream = try EventStreamClient(port: try #require(api.port), path: path, cookie: "fourcalls_session=\(session)")
            let head = await stream.read(until: { $0.contains(": stream open") })
            #expect(head.hasPrefix("HTTP/1.1 200"), "\(head.prefix(200))")
            _ = try await api.createContact(base, token: token, json: #"{"name": "Ada", "phone": "+14155550100"}"#)
            await stream.read(until: { $0.contains("event: contact.created") }, timeout: 15)
            #expect(stream.events.map(\.event) == ["contact.created"])
            // Without the cookie: the sign-in redirect, not a stream.
            let anonymous = try EventStreamClient(port: try #require(api.port), path: path)
            let answer = await anonymous.read(until: { $0.contains("\r\n\r\n") }, timeout: 10)
            #expect(answer.hasPrefix("HTTP/1.1 303"), "\(answer.prefix(200))")
            // Signed out, the open stream ends before its next event.
            let home = try await browser.get("/console")
            #expect(try await browser.post("/console/sign-out", ["_csrf": try Browser.csrf(in: home.text)]).status == .seeOther)
            try await Task.sleep(for: EventStreamController.recheckInterval + .milliseconds(200))
            _ = try await api.createContact(base, token: token, json: #"{"name": "Grace", "phone": "+14155550101"}"#)
            await stream.read(until: { _ in false }, timeout: 10)
            #expect(stream.closed, "the stream outlived the sign-out")
            #expect(stream.events.map(\.event) == ["contact.created"], "\(stream.text)")
        }
    }
}
