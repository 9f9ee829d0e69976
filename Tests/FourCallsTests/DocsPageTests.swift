import Foundation
import Testing
@testable import FourCalls

/// The documentation page is the OpenAPI document through the `docs/` templates (issue #22):
/// the bundled templates load and render, text from the document is escaped wherever it lands,
/// the Markdown subset becomes well-formed markup, and the template loader refuses what
/// Mustache alone would render as nothing.
@Suite("Documentation page templates")
struct DocsPageTests {
    static func render(_ document: String) throws -> String {
        try DocsPage.render(JSONValue.parse(document), templates: try PageTemplates.bundled.get())
    }

    @Test func theBundledTemplatesLoadAndRenderTheServersDocument() throws {
        let templates = try PageTemplates.bundled.get()
        for name in ["docs/page", "docs/operation", "docs/markdown", "docs/inline", "docs/type", "docs/fields", "docs/style"] {
            #expect(templates.names.contains(name), "\(name) is not bundled")
        }
        let page = String(decoding: try OpenAPIDocument.page.get(), as: UTF8.self)
        #expect(page.hasPrefix("<!DOCTYPE html>\n"))
        #expect(page.hasSuffix("</html>\n"))
        // Every tag the page opens for an operation closes.
        #expect(page.components(separatedBy: "<article ").count == page.components(separatedBy: "</article>").count)
    }

    /// A document that tries to inject markup shows it as text: in the title, a tag, a path,
    /// a parameter, an enum value, an example and a Markdown link whose target is not safe.
    @Test func textFromTheDocumentIsEscapedEverywhere() throws {
        let html = try Self.render(
            #"""
            {"openapi": "3.1.0",
             "info": {"title": "<script>alert(1)</script>", "version": "1\"2",
                      "description": "See [this](javascript:alert(1)) and [ours](https://example.com/?a=1&b=2)."},
             "tags": [{"name": "<b>Things</b>", "description": "**Bold <i>** and `<code>`"}],
             "paths": {"/things/{<id>}": {"get": {"operationId": "getThing", "tags": ["<b>Things</b>"],
                "summary": "Get a <thing>",
                "parameters": [{"name": "q<", "in": "query", "required": true, "schema": {"type": "string", "enum": ["<a>", "b'"]}}],
                "responses": {"200": {"description": "The \"thing\"",
                  "content": {"application/json": {"example": {"html": "</code></pre><script>x</script>"}}}}}}}}}
            """#)
        for raw in ["<script>", "<b>Things", "<i>", "{<id>}", "q<", "<a>", "</code></pre><script>"] {
            #expect(!html.contains(raw), "\(raw) is on the page unescaped")
        }
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; — API reference"))
        #expect(html.contains(#"<code>&lt;a&gt;</code>, <code>b&#39;</code>"#))
        #expect(html.contains(#"<span class="path-param">{&lt;id&gt;}</span>"#))
        #expect(html.contains(#"<strong>Bold &lt;i&gt;</strong> and <code>&lt;code&gt;</code>"#))
        // An unsafe link target stays text; a safe one is a link, its `&` escaped in the attribute.
        #expect(!html.contains(#"href="javascript"#))
        #expect(html.contains("[this](javascript:alert(1))"))
        #expect(html.contains(#"<a href="https://example.com/?a=1&amp;b=2">ours</a>"#))
    }

    /// Delimiters that overlap or wrap code still give well-formed markup: each span opens and
    /// closes its own tags.
    @Test func inlineMarkdownBecomesSpansThatCloseTheirTags() {
        let wrapped = DocsInline("**Use `id` here** or *not*")
        #expect(wrapped.spans.map(\.text) == ["Use ", "id", " here", " or ", "not"])
        #expect(wrapped.spans.map(\.strong) == [true, true, true, false, false])
        #expect(wrapped.spans.map(\.code) == [false, true, false, false, false])
        #expect(wrapped.spans.map(\.em) == [false, false, false, false, true])
        let crossing = DocsInline("[a **b](https://x.test/) c**")
        #expect(crossing.spans.map(\.text) == ["a ", "b", " c"])
        #expect(crossing.spans.map(\.href) == [["https://x.test/"], ["https://x.test/"], []])
        #expect(crossing.spans.map(\.strong) == [false, true, true])
        // An unclosed backtick is a backtick; code is never Markdown.
        #expect(DocsInline("a ` b").spans.map(\.text) == ["a ` b"])
        #expect(DocsInline("`**x**`").spans.map(\.code) == [true])
    }

    @Test func markdownBlocksAreParagraphsListsHeadingsAndCode() {
        let blocks = DocsMarkdown("# Title\nOne\nline.\n\n- a\n- b\n1. first\n```\n<raw>\n```").blocks
        #expect(blocks.count == 5)
        #expect(blocks[0].heading.first?.spans.first?.text == "Title")
        #expect(blocks[1].paragraph.first?.spans.first?.text == "One line.")
        #expect(blocks[2].list.first?.ordered == false)
        #expect(blocks[2].list.first?.items.count == 2)
        #expect(blocks[3].list.first?.ordered == true)
        #expect(blocks[4].code == ["<raw>"])
    }

    /// What Mustache would render as an empty string is refused at load: a partial that names no
    /// template, and a template that does not parse. So is a folder that is not there.
    @Test func theLoaderRefusesMissingPartialsAndBrokenTemplates() throws {
        #expect(throws: PageTemplates.LoadError.self) { try PageTemplates(sources: ["page": "<p>{{> parts/missing}}</p>"]) }
        #expect(throws: PageTemplates.LoadError.self) { try PageTemplates(sources: ["page": "{{#open}}never closed"]) }
        #expect(throws: PageTemplates.LoadError.self) {
            try PageTemplates(folder: URL(fileURLWithPath: "/nonexistent/templates-\(UUID().uuidString)"))
        }
        let templates = try PageTemplates(sources: ["page": "<p>{{> part}}</p>", "part": "{{name}}"])
        struct View { let name: String }
        #expect(try templates.render(View(name: "<x>"), as: "page") == "<p>&lt;x&gt;</p>")
        #expect(throws: PageTemplates.LoadError.self) { try templates.render(View(name: ""), as: "nowhere") }
    }

    /// A `TemplateView` renders as Mustache renders a plain struct (through `Mirror`): members
    /// by name, escaped; an optional's value, or nothing; a name the inner view lacks, from the
    /// enclosing one; a name no view has, as nothing.
    @Test func templateViewsRenderAsPlainStructsDo() throws {
        let templates = try PageTemplates(sources: [
            "page": "{{title}}|{{#rows}}[{{name}}:{{title}}{{#note}}({{note}}){{/note}}{{^note}}-{{/note}}{{count}}]{{/rows}}{{missing}}"
        ])
        struct PlainRow { let name: String; let note: String?; let count: Int }
        struct PlainPage { let title: String; let rows: [PlainRow] }
        struct Row: TemplateView { let name: String; let note: String?; let count: Int }
        struct Page: TemplateView { let title: String; let rows: [Row] }
        let plain = try templates.render(
            PlainPage(title: "T<", rows: [PlainRow(name: "a", note: "n&", count: 1), PlainRow(name: "b", note: nil, count: 0)]), as: "page")
        let viewed = try templates.render(
            Page(title: "T<", rows: [Row(name: "a", note: "n&", count: 1), Row(name: "b", note: nil, count: 0)]), as: "page")
        #expect(viewed == plain)
        #expect(viewed == "T&lt;|[a:T&lt;(n&amp;)1][b:T&lt;-0]")
    }

    /// A one-line template is an inline piece (its final newline dropped); a longer one keeps it,
    /// as a partial alone on its line needs.
    @Test func oneLineFilesAreInlineAndLongerOnesBlocks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("parts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<b>{{name}}</b>\n".write(to: folder.appendingPathComponent("parts/badge.mustache"), atomically: true, encoding: .utf8)
        try "<li>\n{{name}}\n</li>\n".write(to: folder.appendingPathComponent("parts/item.mustache"), atomically: true, encoding: .utf8)
        try "<p>{{> parts/badge}}</p>\n{{> parts/item}}\nend\n".write(
            to: folder.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        let templates = try PageTemplates(folder: folder)
        struct View { let name: String }
        #expect(try templates.render(View(name: "n"), as: "page") == "<p><b>n</b></p>\n<li>\nn\n</li>\nend\n")
    }
}
