import Foundation
import HTTPTypes
import Hummingbird

/// `/console/organizations/{orgId}/calls`: the call log newest first, filtered as the API's
/// list is (status, direction, local days), and one call with its summary and transcript.
extension ConsoleController {
    struct CallsView: TemplateView {
        let chrome: ConsoleChrome
        let action: String
        let statuses: [ConsoleOption]
        let directions: [ConsoleOption]
        let fields: [ConsoleFormField]
        let rows: [Row]
        let total: Int
        let empty: Bool
        let newer: [String]
        let older: [String]

        struct Row: TemplateView {
            let href: String
            let started: String
            let direction: String
            let status: String
            let number: String
            let contact: String
            let duration: String
            let summary: String
        }
    }

    static let callsPerPage = 50

    @Sendable func callList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let organization = membership.organization
        let query = request.formQuery
        var filter = CallService.Filter()
        filter.status = query.text("status").flatMap(CallStatus.init)
        filter.direction = query.text("direction").flatMap(CallDirection.init)
        var errors: [String: [String]] = [:]
        var range: [String: String] = [:]
        for name in ["start_date", "end_date"] { range[name] = query.text(name) }
        do {
            filter.range = try DateRangeFilter.read(range, timeZone: organization.timeZone)
        } catch let error as APIError {
            errors = error.fieldErrors ?? [:]
        }
        let number = max(1, query.text("page").flatMap { Int($0) } ?? 1)
        let page = try await calls.list(organization.id, filter: filter, page: PageRequest(page: number, perPage: Self.callsPerPage))
        let names = try await contacts.names(page.items.compactMap(\.contactId), in: organization.id)
        let base = "/console/organizations/\(organization.id.api)/calls"
        func link(_ page: Int) -> String {
            let kept = ["status", "direction", "start_date", "end_date"].compactMap { name in
                query.text(name).map { "\(name)=\(Self.queryEscaped($0))" }
            }
            return base + "?" + (kept + ["page=\(page)"]).joined(separator: "&")
        }
        let timeZone = organization.timeZone
        let view = CallsView(
            chrome: ConsoleChrome(title: "Calls", person: person, membership: membership, current: "calls"),
            action: base,
            statuses: Self.options(CallStatus.allCases.map(\.rawValue), chosen: filter.status?.rawValue),
            directions: Self.options(CallDirection.allCases.map(\.rawValue), chosen: filter.direction?.rawValue),
            fields: [("start_date", "From"), ("end_date", "Until")].map { name, label in
                ConsoleFormField(name: name, label: label, type: "date", value: query.text(name) ?? "", errors: errors[name] ?? [])
            },
            rows: page.items.map { call in
                CallsView.Row(
                    href: "\(base)/\(call.id.api)", started: SpeakableTime.spoken(call.startedAt, in: timeZone),
                    direction: call.direction.rawValue, status: call.status.rawValue,
                    number: (call.direction == .inbound ? call.fromNumber : call.toNumber) ?? "",
                    contact: call.contactId.flatMap { names[$0] } ?? "", duration: Self.duration(call.durationSeconds),
                    summary: call.summary.map { String($0.prefix(120)) } ?? "")
            },
            total: page.total, empty: page.items.isEmpty,
            newer: number > 1 ? [link(number - 1)] : [],
            older: number * Self.callsPerPage < page.total ? [link(number + 1)] : [])
        return try self.page("console/calls", view, person, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    struct CallView: TemplateView {
        let chrome: ConsoleChrome
        let back: String
        let started: String
        let facts: [ConsoleFact]
        let summary: [String]
        let transcript: [String]
        let recording: [String]

    }

    @Sendable func callDetail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let organization = membership.organization
        let id = try APIBody.id("callId", in: context, notFound: CallService.notFound.message)
        let call = try await calls.find(id, in: organization.id)
        let contact = try await contacts.names(call.contactId.map { [$0] } ?? [], in: organization.id).values.first
        let facts: [(String, String?)] = [
            ("Direction", call.direction.rawValue), ("Status", call.status.rawValue), ("From", call.fromNumber), ("To", call.toNumber),
            ("Contact", contact), ("Length", Self.duration(call.durationSeconds)), ("Outcome", call.outcome),
        ]
        let view = CallView(
            chrome: ConsoleChrome(title: "Call", person: person, membership: membership, current: "calls"),
            back: "/console/organizations/\(organization.id.api)/calls",
            started: SpeakableTime.spoken(call.startedAt, in: organization.timeZone),
            facts: facts.compactMap { label, value in value.map { ConsoleFact(label: label, value: $0) } },
            summary: call.summary.map { [$0] } ?? [],
            transcript: (call.transcript ?? "").split(separator: "\n", omittingEmptySubsequences: true).map(String.init),
            // Only web addresses become links (never a `javascript:` one).
            recording: [call.recordingUrl].compactMap { $0 }.filter { url in
                ["http", "https"].contains(URL(string: url)?.scheme?.lowercased() ?? "")
            })
        return try page("console/call", view, person)
    }

    /// `m:ss`, or `h:mm:ss` from an hour.
    static func duration(_ seconds: Int) -> String {
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }

    static func options(_ values: [String], chosen: String?) -> [ConsoleOption] {
        [ConsoleOption(value: "", label: "Any", selected: chosen == nil)]
            + values.map { ConsoleOption(value: $0, label: $0, selected: $0 == chosen) }
    }

    static func queryEscaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}
