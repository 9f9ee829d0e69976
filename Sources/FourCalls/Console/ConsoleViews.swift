import Foundation

// What every console page shows around its content, and the pieces pages share. Values are
// text for the `console/` templates, which escape them; nothing is optional (Mustache would
// look a nil member up in the enclosing view): absent is an empty array.

/// The page's title, the signed-in person (with the sign-out form's CSRF token) and, on an
/// organization's pages, the organization and its sections.
struct ConsoleChrome: TemplateView {
    let title: String
    let userName: String
    let csrf: String
    let organization: [Organization]

    struct Organization: TemplateView {
        let name: String
        let role: String
        let sections: [Section]
    }

    struct Section: TemplateView {
        let label: String
        let href: String
        let current: Bool
    }

    init(title: String, person: ConsoleController.SignedIn, membership: Membership?, current: String = "") {
        self.title = title
        userName = person.user.name
        csrf = person.session.csrfToken
        organization = membership.map { membership in
            let base = "/console/organizations/\(membership.organization.id.api)"
            return [
                Organization(
                    name: membership.organization.name, role: membership.role.rawValue,
                    sections: [
                        ("dashboard", "Dashboard", base), ("contacts", "Contacts", base + "/contacts"),
                        ("appointments", "Appointments", base + "/appointments"), ("calls", "Calls", base + "/calls"),
                        ("campaigns", "Campaigns", base + "/campaigns"),
                        ("webhooks", "Webhooks", base + "/webhooks"), ("agents", "AI agents", base + "/agents"),
                        ("members", "Members", base + "/members"),
                    ].map { key, label, href in
                        Section(label: label, href: href, current: key == current)
                    })
            ]
        } ?? []
    }
}

/// A form field as typed, with what was wrong with it, shown beside it.
struct ConsoleFormField: TemplateView {
    let name: String
    let label: String
    let type: String
    let value: String
    let errors: [String]
    let invalid: Bool
    /// The element ids of the input and its errors: `field-` and `error-` and the name, or
    /// `id` where one page has several forms with this field.
    let fieldID: String
    let errorID: String

    init(name: String, label: String, type: String, value: String, errors: [String], id: String? = nil) {
        (self.name, self.label, self.type, self.value, self.errors) = (name, label, type, value, errors)
        invalid = !errors.isEmpty
        fieldID = "field-\(id ?? name)"
        errorID = "error-\(id ?? name)"
    }
}

/// A choice of a `<select>`, the chosen one marked.
struct ConsoleOption: TemplateView {
    let value: String
    let label: String
    let selected: Bool
}

/// A labelled value of a page's facts (`<dl class="facts">`).
struct ConsoleFact: TemplateView {
    let label: String
    let value: String
}

/// A form as it was sent and why it was refused, to show it again: the fields' errors beside
/// them, or one message for the form (a slot already taken).
struct ConsoleSubmission: TemplateView {
    let values: [String: String]
    let errors: [String: [String]]
    let message: String?

    static let empty = ConsoleSubmission(values: [:], errors: [:], message: nil)

    init(values: [String: String], errors: [String: [String]], message: String?) {
        (self.values, self.errors, self.message) = (values, errors, message)
    }

    init(_ form: FormQuery, refusal: APIError) {
        self.init(values: form.values, errors: refusal.fieldErrors ?? [:], message: refusal.fieldErrors == nil ? refusal.message : nil)
    }
}

/// One event of the organization as the dashboard lists it (the page's script adds live ones
/// the same way).
struct ConsoleActivity: TemplateView {
    let event: String
    let summary: String
    let time: String

    init(_ event: StoredEvent, timeZone: TimeZone) {
        self.event = event.event
        time = SpeakableTime.spoken(event.createdAt, in: timeZone)
        let data = JSONValue.parse(event.payload)
        summary = ["name", "title", "summary", "from_number", "to_number", "phone", "status"].lazy.compactMap { data.docText($0) }.first ?? ""
    }
}

/// The console's stylesheet and script (`Resources/Console`), read once.
enum ConsoleAssets {
    struct Asset: Sendable {
        let contentType: String
        let bytes: [UInt8]
    }

    static let bundled: [String: Asset] = {
        var assets: [String: Asset] = [:]
        for (name, type) in [("console.css", "text/css; charset=utf-8"), ("console.js", "text/javascript; charset=utf-8")] {
            let parts = name.split(separator: ".")
            guard let url = Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Console"),
                let data = try? Data(contentsOf: url)
            else { continue }
            assets[name] = Asset(contentType: type, bytes: Array(data))
        }
        return assets
    }()
}

/// The dashboard's calls of the last `days` local days as bars of an SVG drawn on the
/// server, and the share of them answered.
struct CallChart: TemplateView {
    static let days = 14
    static let (slot, barWidth, baseline, tallest) = (40, 28, 124, 100)

    let width: Int
    let dayCount = Self.days
    let bars: [Bar]
    let description: String
    let answerRate: String

    struct Bar: TemplateView {
        let x: Int
        let y: Int
        let height: Int
        let labelX: Int
        let countY: Int
        let label: String
        let day: String
        let count: Int
        let hasCalls: Bool
    }

    init(_ stats: CallStats, lastDay: LocalDay) {
        let days = (0..<Self.days).map { lastDay.adding(days: $0 - Self.days + 1) }
        let counts = days.map { stats.calls_by_date[$0.text] ?? 0 }
        let most = max(counts.max() ?? 0, 1)
        width = Self.slot * Self.days
        bars = zip(days, counts).enumerated().map { index, pair in
            let (day, count) = pair
            let height = count == 0 ? 0 : max(2, count * Self.tallest / most)
            let x = index * Self.slot + (Self.slot - Self.barWidth) / 2
            return Bar(
                x: x, y: Self.baseline - height, height: height, labelX: x + Self.barWidth / 2, countY: Self.baseline - height - 4,
                label: String(day.day), day: day.text, count: count, hasCalls: count > 0)
        }
        let total = counts.reduce(0, +)
        description = "\(total) calls from \(days.first?.text ?? "") to \(lastDay.text)."
        answerRate = stats.total_calls == 0 ? "—" : "\(stats.completed_calls * 100 / stats.total_calls)%"
    }
}
