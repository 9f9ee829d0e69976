import Foundation
import HTTPTypes
import Testing
@testable import FourCalls

/// CSV imports stream in bounded memory, commit in chunks and can run as jobs (CONTRACT
/// section 4; issue #25).
@Suite("Contact imports")
struct ContactImportTests {
    @Test func parserReadsTheSameRecordsWhateverTheChunks() {
        let text = "name,email,tags\r\nAda,ada@example.com,\"a,b\"\n\n\"Grace \"\"Amazing\"\" Hopper\",g@example.com,\"multi\nline\"\nLast,l@example.com,x"
        let whole = CSVParser.records(in: text)
        #expect(whole.map(\.fields) == [
            ["name", "email", "tags"], ["Ada", "ada@example.com", "a,b"],
            ["Grace \"Amazing\" Hopper", "g@example.com", "multi\nline"], ["Last", "l@example.com", "x"],
        ])
        #expect(whole.map(\.line) == [1, 2, 4, 6])
        var parser = CSVParser()
        var byteByByte: [CSVParser.Record] = []
        for byte in text.utf8 { byteByByte += parser.feed([byte]) }
        if let last = parser.finish() { byteByByte.append(last) }
        #expect(byteByByte.map(\.fields) == whole.map(\.fields))
        #expect(byteByByte.map(\.line) == whole.map(\.line))

        var small = CSVParser(maxRecordBytes: 10)
        let records = small.feed("a,b\n0123456789abc,x\nc,d\n".utf8)
        #expect(records.map(\.oversized) == [false, true, false])
        #expect(records[2].fields == ["c", "d"])
    }

    static func csv(rows: Range<Int>, prefix: String = "p") -> String {
        "name,email,phone\n" + rows.map { "Person \($0),\(prefix)\($0)@example.com,+1555\(String(format: "%07d", $0))" }.joined(separator: "\n") + "\n"
    }

    /// Counts stay exact past the error cap; rows match contacts written by earlier chunks.
    @Test(arguments: Engine.enabled)
    func countsAreExactAcrossChunksAndErrorsAreCapped(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            var csv = Self.csv(rows: 0..<1_200)
            // Bad rows (no name), then rows repeating contacts of the first chunk.
            csv += (0..<1_500).map { "  ,bad\($0)@example.com," }.joined(separator: "\n") + "\n"
            csv += (0..<10).map { "Renamed \($0),p\($0)@example.com," }.joined(separator: "\n") + "\n"
            let report = try await api.call(.post, "\(base)/contacts/import", token: token, json: csv, headers: [.contentType: "text/csv"])
            #expect(report.status == .ok, "\(report.text.prefix(200))")
            #expect(report["created"]?.int == 1_200)
            #expect(report["updated"]?.int == 10)
            #expect(report["failed"]?.int == 1_500)
            #expect(report["errors"]?.array?.count == ImportReport.maxReportedErrors)
            #expect(report["errors"]?[0]?["row"]?.int == 1_202)
            let renamed = try await api.call(.get, "\(base)/contacts?\(formEncoded(["search": "renamed", "per_page": "100"]))", token: token)
            #expect(renamed["total"]?.int == 10)
            #expect(try await api.call(.get, "\(base)/contacts?per_page=1", token: token)["total"]?.int == 1_200)
        }
    }

    /// Another organization's writes go on between chunks: none waits for the whole file.
    @Test(arguments: Engine.enabled)
    func otherWritesInterleaveWithAnImport(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (tokenA, baseA) = try await api.organization()
            let (tokenB, baseB) = try await api.organization()
            let csv = Self.csv(rows: 0..<6_000)
            let started = ContinuousClock.now
            async let imported = api.call(.post, "\(baseA)/contacts/import", token: tokenA, json: csv, headers: [.contentType: "text/csv"])
            var waits: [Duration] = []
            var index = 0
            while ContinuousClock.now - started < .seconds(60) {
                let before = ContinuousClock.now
                _ = try await api.createContact(baseB, token: tokenB, json: #"{"name": "Meanwhile \#(index)"}"#)
                waits.append(ContinuousClock.now - before)
                index += 1
                if waits.count >= 5, ContinuousClock.now - started > .seconds(1) { break }
            }
            let report = try await imported
            let importTime = ContinuousClock.now - started
            #expect(report["created"]?.int == 6_000)
            let longest = waits.max() ?? .zero
            #expect(longest < importTime / 2, "a create waited \(longest) during an import of \(importTime)")
        }
    }

    @Test(arguments: Engine.enabled)
    func anImportRunsAsAJobWithProgress(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, base) = try await api.organization()
            let csv = Self.csv(rows: 0..<1_100) + "  ,no-name@example.com,\n"
            let started = try await api.call(.post, "\(base)/contacts/import?async=true", token: token, json: csv, headers: [.contentType: "text/csv"])
            #expect(started.status == .accepted)
            #expect(started["status"]?.string == "running")
            let id = try #require(started["id"]?.string)
            var job = try await api.call(.get, "\(base)/contacts/imports/\(id)", token: token)
            for _ in 0..<300 where job["status"]?.string == "running" {
                try await Task.sleep(for: .milliseconds(100))
                job = try await api.call(.get, "\(base)/contacts/imports/\(id)", token: token)
            }
            #expect(job["status"]?.string == "done", "\(job.text.prefix(300))")
            #expect(job["rows_processed"]?.int == 1_101)
            #expect(job["created"]?.int == 1_100)
            #expect(job["failed"]?.int == 1)
            #expect(job["errors"]?[0]?["row"]?.int == 1_102)
            #expect(job["finished_at"]?.string != nil)
            let (other, otherBase) = try await api.organization()
            #expect(try await api.call(.get, "\(otherBase)/contacts/imports/\(id)", token: other).status == .notFound)
            #expect(try await api.call(.get, "\(base)/contacts/imports/\(UUID().api)", token: token).status == .notFound)
            let bad = try await api.call(.post, "\(base)/contacts/import?async=maybe", token: token, json: csv, headers: [.contentType: "text/csv"])
            #expect(bad.status == .unprocessableContent)
            // A header without a name column fails the job, with the reason.
            let headless = try await api.call(.post, "\(base)/contacts/import?async=true", token: token, json: "email\nx@example.com\n", headers: [.contentType: "text/csv"])
            let failedID = try #require(headless["id"]?.string)
            var failed = try await api.call(.get, "\(base)/contacts/imports/\(failedID)", token: token)
            for _ in 0..<100 where failed["status"]?.string == "running" {
                try await Task.sleep(for: .milliseconds(100))
                failed = try await api.call(.get, "\(base)/contacts/imports/\(failedID)", token: token)
            }
            #expect(failed["status"]?.string == "failed")
            #expect(failed["error"]?.string?.contains("name column") == true)
        }
    }
}
