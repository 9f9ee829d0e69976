import Foundation
import Testing
@testable import FourCalls

/// Ids are read and written by hand (`UUID(text:)`, `api`, `storedText`): they must agree
/// with Foundation wherever Foundation reads canonical text.
@Suite("UUID text")
struct UUIDTextTests {
    @Test
    func canonicalTextReadsAndWritesAsFoundationDoes() {
        for _ in 0..<2_000 {
            let id = UUID()
            #expect(id.storedText == id.uuidString)
            #expect(id.api == id.uuidString.lowercased())
            #expect(UUID(text: id.uuidString) == id)
            #expect(UUID(text: id.api) == id)
            let mixed = String(id.uuidString.enumerated().map { $0.offset % 3 == 0 ? Character($0.element.lowercased()) : $0.element })
            #expect(UUID(text: mixed) == id)
            #expect(UUID(text: mixed[...]) == id)
        }
    }

    /// `UUID.random()`: version 4, RFC 4122 variant, and no two alike.
    @Test
    func randomIdsAreVersion4AndDistinct() {
        var seen = Set<UUID>()
        for _ in 0..<10_000 {
            let id = UUID.random()
            #expect(id.uuid.6 >> 4 == 4)
            #expect(id.uuid.8 >> 6 == 0b10)
            #expect(Array(id.api)[14] == "4")
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
        // Every other bit varies.
        let ones = seen.reduce(into: [Int](repeating: 0, count: 128)) { counts, id in
            withUnsafeBytes(of: id.uuid) { bytes in
                for bit in 0..<128 where bytes[bit / 8] >> (7 - bit % 8) & 1 == 1 { counts[bit] += 1 }
            }
        }
        let fixed: Set<Int> = [48, 49, 50, 51, 64, 65]
        for bit in 0..<128 where !fixed.contains(bit) { #expect((4_000...6_000).contains(ones[bit]), "bit \(bit)") }
    }

    @Test
    func anythingElseIsRefused() {
        let id = UUID().uuidString
        var refused = ["", "not-a-uuid", String(id.dropLast()), id + "0", id + " ", " " + id, id.replacingOccurrences(of: "-", with: ""),
            String(id.prefix(8)) + "+" + String(id.dropFirst(9)), "+1+2+3+4-+5+6-+7+8-+9+A-+B+C+D+E+F+0", "é" + String(id.dropFirst(2))]
        refused += ["G", "g", "x", "-", " ", "é", "\u{0}"].map { String(id.prefix(30)) + $0 + String(id.dropFirst(31)) }
        for text in refused { #expect(UUID(text: text) == nil, "\(text)") }
        // Whatever is read is read as Foundation reads it (Foundation also reads some forms
        // this refuses, with signs inside the groups).
        var random = JSONWriterTests.Seeded(state: 6)
        let alphabet = Array("0123456789abcdefABCDEF-+ xg")
        for _ in 0..<20_000 {
            var characters = Array(id)
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                characters[Int.random(in: 0..<36, using: &random)] = alphabet.randomElement(using: &random) ?? "0"
            }
            let text = String(characters)
            if let read = UUID(text: text) { #expect(read == UUID(uuidString: text), "\(text)") }
        }
    }
}
