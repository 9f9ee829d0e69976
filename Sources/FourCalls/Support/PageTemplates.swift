import Foundation
import Mustache

/// The HTML templates under `Resources/Templates` (swift-mustache), each named by its path
/// without the extension (`docs/page`, `docs/type`), loaded and checked once: a template that
/// does not parse, a partial that names no template, or a folder that is not there fails the
/// load, where Mustache alone would render an empty string.
///
/// A one-line file is an inline piece (a badge, a type, a span of text): its final newline is not
/// part of the template, so it adds no whitespace where it is used mid-line. A longer file is a
/// block and keeps its final newline, which a partial tag alone on its line relies on (Mustache
/// drops that line's own newline).
struct PageTemplates: Sendable {
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    let library: MustacheLibrary
    let names: Set<String>

    /// The bundled templates, read once per process.
    static let bundled: Result<PageTemplates, LoadError> = Result {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw LoadError(description: "the Templates folder is not in the resource bundle")
        }
        return try PageTemplates(folder: folder)
    }.mapError { $0 as? LoadError ?? LoadError(description: "\($0)") }

    init(folder: URL) throws {
        let root = folder.standardizedFileURL.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue,
            let walker = FileManager.default.enumerator(atPath: root)
        else {
            throw LoadError(description: "no templates folder at \(root)")
        }
        var sources: [String: String] = [:]
        for case let relative as String in walker where relative.hasSuffix(".mustache") {
            var text = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
            if text.hasSuffix("\n"), text.dropLast().firstIndex(of: "\n") == nil { text.removeLast() }
            sources[String(relative.dropLast(".mustache".count))] = text
        }
        try self.init(sources: sources)
    }

    init(sources: [String: String]) throws {
        var templates: [String: MustacheTemplate] = [:]
        for (name, text) in sources {
            do {
                templates[name] = try MustacheTemplate(string: text)
            } catch {
                throw LoadError(description: "template \(name) does not parse: \(error)")
            }
            for partial in Self.partials(in: text) where sources[partial] == nil {
                throw LoadError(description: "template \(name) includes \(partial), which is not a template")
            }
        }
        library = MustacheLibrary(templates: templates)
        names = Set(sources.keys)
    }

    func render(_ view: Any, as name: String) throws -> String {
        guard let html = library.render(view, withTemplate: name) else {
            throw LoadError(description: "no template named \(name)")
        }
        return html
    }

    /// The names in `{{> name}}` tags.
    private static func partials(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{>") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }
}
