import Foundation

/// A description from the OpenAPI document as the templates show it: the small Markdown subset
/// the document uses (paragraphs, `-`/`*`/`1.` lists, fenced code, `#` headings; inline `code`,
/// **bold**, *italic* and [links](https://…) to safe targets), parsed into blocks of text spans.
/// Everything stays text: `docs/markdown` and `docs/inline` write the tags and escape the text.
struct DocsMarkdown: TemplateView {
    let blocks: [DocsBlock]

    static let empty = DocsMarkdown(blocks: [])

    init(blocks: [DocsBlock]) { self.blocks = blocks }

    init(_ text: String?) {
        guard let text, !text.isEmpty else {
            self.init(blocks: [])
            return
        }
        var parser = MarkdownBlockParser()
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            parser.add(String(line))
        }
        self.init(blocks: parser.finish())
    }
}

/// One block; exactly one of its members is non-empty (Mustache has no optionals: an absent
/// value is an empty array, so a template never reads an enclosing view's member by mistake).
struct DocsBlock: TemplateView {
    var paragraph: [DocsInline] = []
    var heading: [DocsInline] = []
    var list: [DocsList] = []
    var code: [String] = []
}

struct DocsList: TemplateView {
    let ordered: Bool
    let items: [DocsInline]
}

/// A line of text in spans that each carry their own styles, so the tags they open always close
/// inside the span, whatever the Markdown's delimiters overlap.
struct DocsInline: TemplateView {
    let spans: [DocsSpan]

    init(_ text: String) { spans = InlineMarkdown.spans(text) }
}

struct DocsSpan: TemplateView {
    let text: String
    let code: Bool
    let strong: Bool
    let em: Bool
    /// The link's target, when the span is inside one.
    let href: [String]
}

// MARK: - Blocks

private struct MarkdownBlockParser {
    private var blocks: [DocsBlock] = []
    private var paragraph: [String] = []
    private var items: [String] = []
    private var ordered = false
    private var code: [String]?

    mutating func add(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if let lines = code {
            if trimmed.hasPrefix("```") {
                blocks.append(DocsBlock(code: [lines.joined(separator: "\n")]))
                code = nil
            } else {
                code = lines + [line]
            }
            return
        }
        if trimmed.hasPrefix("```") {
            flush()
            code = []
        } else if trimmed.isEmpty {
            flush()
        } else if let item = Self.listItem(trimmed) {
            flushParagraph()
            if !items.isEmpty, item.ordered != ordered { flushList() }
            ordered = item.ordered
            items.append(item.text)
        } else if trimmed.hasPrefix("#") {
            flush()
            blocks.append(DocsBlock(heading: [DocsInline(trimmed.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces))]))
        } else if let last = items.indices.last {
            items[last] += " " + trimmed
        } else {
            paragraph.append(trimmed)
        }
    }

    mutating func finish() -> [DocsBlock] {
        if let lines = code {
            blocks.append(DocsBlock(code: [lines.joined(separator: "\n")]))
            code = nil
        }
        flush()
        return blocks
    }

    private mutating func flush() {
        flushParagraph()
        flushList()
    }

    private mutating func flushParagraph() {
        guard !paragraph.isEmpty else { return }
        blocks.append(DocsBlock(paragraph: [DocsInline(paragraph.joined(separator: " "))]))
        paragraph = []
    }

    private mutating func flushList() {
        guard !items.isEmpty else { return }
        blocks.append(DocsBlock(list: [DocsList(ordered: ordered, items: items.map(DocsInline.init))]))
        items = []
    }

    private static func listItem(_ line: String) -> (ordered: Bool, text: String)? {
        for marker in ["- ", "* ", "+ "] where line.hasPrefix(marker) {
            return (false, String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces))
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < 10, line.dropFirst(digits.count).hasPrefix(". ") else { return nil }
        return (true, String(line.dropFirst(digits.count + 2)).trimmingCharacters(in: .whitespaces))
    }
}

// MARK: - Inline

/// Code spans are cut out first (nothing inside backticks is Markdown), then links, `**` and `*`
/// pairs are marked in the rest with private-use characters, and one pass turns the marks into
/// spans.
private enum InlineMarkdown {
    static let codeOpen: Unicode.Scalar = "\u{E000}"
    static let codeClose: Unicode.Scalar = "\u{E001}"
    static let strongOn: Unicode.Scalar = "\u{E002}"
    static let strongOff: Unicode.Scalar = "\u{E003}"
    static let emOn: Unicode.Scalar = "\u{E004}"
    static let emOff: Unicode.Scalar = "\u{E005}"
    static let linkOpen: Unicode.Scalar = "\u{E006}"
    static let linkTarget: Unicode.Scalar = "\u{E007}"
    static let linkClose: Unicode.Scalar = "\u{E008}"

    static func spans(_ text: String) -> [DocsSpan] {
        var clean = String.UnicodeScalarView()
        clean.append(contentsOf: text.unicodeScalars.filter { !(0xE000...0xE008).contains($0.value) })
        let pieces = String(clean).components(separatedBy: "`")
        var codes: [String] = []
        var body = ""
        for (index, piece) in pieces.enumerated() {
            if index % 2 == 1, index < pieces.count - 1 {
                body += "\(Character(codeOpen))\(codes.count)\(Character(codeClose))"
                codes.append(piece)
            } else {
                body += (index % 2 == 1 ? "`" : "") + piece
            }
        }
        var targets: [String] = []
        body = links(body, targets: &targets)
        body = pairs(body, delimiter: "**", on: strongOn, off: strongOff)
        body = pairs(body, delimiter: "*", on: emOn, off: emOff)
        return flatten(body, codes: codes, targets: targets)
    }

    /// Wraps `delimiter…delimiter` in marks when the content neither starts nor ends with a space.
    private static func pairs(_ text: String, delimiter: String, on: Unicode.Scalar, off: Unicode.Scalar) -> String {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: delimiter) {
            let after = rest[start.upperBound...]
            guard let end = after.range(of: delimiter) else { break }
            let content = after[..<end.lowerBound]
            if content.isEmpty || content.first == " " || content.last == " " {
                result += String(rest[..<start.upperBound])
                rest = after
                continue
            }
            result += String(rest[..<start.lowerBound]) + String(Character(on)) + String(content) + String(Character(off))
            rest = after[end.upperBound...]
        }
        return result + String(rest)
    }

    /// `[label](target)` becomes a link when the target is http(s), mailto or on this page or server.
    private static func links(_ text: String, targets: inout [String]) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            let after = rest[rest.index(after: open)...]
            guard let middle = after.range(of: "]("), let end = after[middle.upperBound...].firstIndex(of: ")") else { break }
            let label = after[..<middle.lowerBound]
            let target = after[middle.upperBound..<end]
            let safe = ["https://", "http://", "mailto:", "#", "/"].contains { target.hasPrefix($0) }
            if label.isEmpty || label.contains("[") || label.contains("]") || !safe || target.contains(" ") {
                result += String(rest[...open])
                rest = after
                continue
            }
            result += String(rest[..<open]) + "\(Character(linkOpen))\(targets.count)\(Character(linkTarget))" + label
                + String(Character(linkClose))
            targets.append(String(target))
            rest = after[after.index(after: end)...]
        }
        return result + String(rest)
    }

    private static func flatten(_ body: String, codes: [String], targets: [String]) -> [DocsSpan] {
        var spans: [DocsSpan] = []
        var text = ""
        var strong = false
        var em = false
        var href: [String] = []
        func emit(_ content: String, code: Bool = false) {
            guard !content.isEmpty else { return }
            if !code, let last = spans.last, !last.code, last.strong == strong, last.em == em, last.href == href {
                spans[spans.count - 1] = DocsSpan(text: last.text + content, code: false, strong: strong, em: em, href: href)
            } else {
                spans.append(DocsSpan(text: content, code: code, strong: strong, em: em, href: href))
            }
        }
        var scalars = body.unicodeScalars.makeIterator()
        func number(until end: Unicode.Scalar) -> Int? {
            var digits = ""
            while let next = scalars.next(), next != end { digits.unicodeScalars.append(next) }
            return Int(digits)
        }
        while let scalar = scalars.next() {
            switch scalar {
            case codeOpen, strongOn, strongOff, emOn, emOff, linkOpen, linkClose:
                emit(text)
                text = ""
                switch scalar {
                case codeOpen: if let index = number(until: codeClose), codes.indices.contains(index) { emit(codes[index], code: true) }
                case strongOn: strong = true
                case strongOff: strong = false
                case emOn: em = true
                case emOff: em = false
                case linkOpen: href = number(until: linkTarget).flatMap { targets.indices.contains($0) ? [targets[$0]] : nil } ?? []
                default: href = []
                }
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        emit(text)
        return spans
    }
}
