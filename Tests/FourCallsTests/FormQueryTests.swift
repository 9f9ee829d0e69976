import Foundation
import Testing
@testable import FourCalls

@Suite("Query strings")
struct FormQueryTests {
    /// `FormQuery` decodes on the bytes; it must read every query as the Foundation calls it
    /// replaced did (`+` to spaces, then `removingPercentEncoding`, the text as sent when that fails).
    @Test
    func queriesReadAsFoundationReadThem() {
        func before(_ query: String) -> [String: String] {
            func decode(_ text: Substring) -> String {
                guard text.contains(where: { $0 == "+" || $0 == "%" }) else { return String(text) }
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            var values: [String: String] = [:]
            for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = decode(parts[0])
                guard !name.isEmpty, values[name] == nil else { continue }
                values[name] = parts.count > 1 ? decode(parts[1]) : ""
            }
            return values
        }
        let pieces = ["search", "=", "&", "+", "%", "%2B", "%20", "%2", "%zz", "%C3%A9", "%C3", "%FF", "%e2%82%ac", "é", "a", "4242", "%26", "%3D", "=="]
        var random = JSONWriterTests.Seeded(state: 11)
        var queries = ["search=person%204242", "search=Ada+Lovelace", "phone=+1234567890", "a=%", "a=%4", "a=%41", "=x", "&&", "a&a=2"]
        for _ in 0..<3_000 {
            queries.append((0..<Int.random(in: 1...8, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined())
        }
        for query in queries {
            #expect(FormQuery(query).values == before(query), "\(query)")
        }
    }
}
