import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/console/organizations/{orgId}/contacts/import`: a CSV file uploaded from the contacts
/// page runs as an import job (as `POST .../contacts/import?async=true` does), and its page
/// shows the job's progress, refreshing itself every second until it is done.
extension ConsoleController {
    @Sendable func importContacts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let upload = try await ConsoleMultipart.read(request, maxBytes: ContactImport.maxBytes + 65_536)
        try checkCSRF(FormQuery(values: upload.fields), person)
        try require(.writeRecords, membership)
        guard let file = upload.files["file"], !file.isEmpty else {
            return try await contactsPage(
                person, membership, search: nil, form: .empty, importError: ["Choose a CSV file with a header row."], status: .unprocessableContent)
        }
        // Lines after the header: the progress bar's end (a quoted line break makes it an estimate).
        let rows = max(0, file.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } + (file.last == UInt8(ascii: "\n") ? 0 : 1) - 1)
        let bytes = AsyncStream<ByteBuffer> { continuation in
            continuation.yield(ByteBuffer(data: file))
            continuation.finish()
        }
        let job = try await importJobs.start(bytes, organization: membership.organization)
        return ConsoleHTTP.redirect("/console/organizations/\(membership.organization.id.api)/contacts/imports/\(job.id.api)?rows=\(rows)")
    }

    struct ImportView: TemplateView {
        let chrome: ConsoleChrome
        let back: String
        let running: Bool
        let status: String
        let processed: Int
        let total: Int
        let known: Bool
        let figures: [ConsoleFact]
        let errors: [RowError]
        let noErrors: Bool
        let failure: [String]

        struct RowError: TemplateView {
            let row: Int
            let message: String
        }
    }

    @Sendable func importProgress(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (person, membership) = try await requireMember(request, context)
        let id = try APIBody.id("importId", in: context, notFound: "Import not found.")
        guard let job = try await importJobs.find(id, organizationID: membership.organization.id) else {
            throw APIError.notFound("Import not found.")
        }
        let expected = request.formQuery.text("rows").flatMap { Int($0) } ?? 0
        let total = job.status == .running ? max(expected, job.rowsProcessed) : job.rowsProcessed
        let rowErrors = job.rowErrors
        let view = ImportView(
            chrome: ConsoleChrome(title: "Import", person: person, membership: membership, current: "contacts"),
            back: "/console/organizations/\(membership.organization.id.api)/contacts", running: job.status == .running,
            status: job.status.rawValue, processed: job.rowsProcessed, total: total, known: total > 0,
            figures: [("Rows read", job.rowsProcessed), ("Created", job.created), ("Updated", job.updated), ("Refused", job.failed)]
                .map { ConsoleFact(label: $0.0, value: String($0.1)) },
            errors: rowErrors.map { error in
                ImportView.RowError(row: error.row, message: error.errors.sorted { $0.key < $1.key }.flatMap(\.value).joined(separator: " "))
            },
            noErrors: rowErrors.isEmpty, failure: job.error.map { [$0] } ?? [])
        return try page("console/import", view, person)
    }
}
