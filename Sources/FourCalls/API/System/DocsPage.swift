import Foundation

/// `GET /api/docs`: the OpenAPI document shown as one self-contained HTML page (inline CSS, no
/// script, nothing loaded from elsewhere): the introduction, a table of contents by resource
/// (tag), then every operation with its parameters, request body fields, an example `curl`
/// request and its responses with their examples, the outgoing webhooks and the component
/// schemas. The markup is the `docs/page` template's; this builds the view it shows.
///
/// Pure and deterministic: whatever the document keeps in a dictionary is sorted. Each
/// operation of `paths` is an element with `class="operation"` and `data-operation-id`; an
/// outgoing webhook is `class="operation webhook"` with its own `data-operation-id`.
enum DocsPage {
    /// Where the page links the raw document.
    static let documentPath = "/api/docs/openapi.json"

    static func render(_ document: JSONValue, templates: PageTemplates) throws -> String {
        try templates.render(view(document), as: "docs/page")
    }

    static func view(_ document: JSONValue) -> DocsPageView {
        let spec = DocsSpec(document)
        let groups = spec.groups()
        let webhooks = spec.operations(in: "webhooks", webhook: true)
        var contents = groups.map { group in
            DocsContentsGroup(
                name: group.name, anchor: group.anchor, count: group.operations.count, entries: group.operations.map(contentsEntry))
        }
        if !webhooks.isEmpty {
            contents.append(
                DocsContentsGroup(
                    name: "Outgoing webhooks", anchor: "section-webhooks", count: webhooks.count, entries: webhooks.map(contentsEntry)))
        }
        let servers = (spec.root.docMember("servers")?.docArray ?? []).compactMap { server -> DocsServer? in
            guard let url = server.docText("url") else { return nil }
            return DocsServer(url: url, label: server.docText("description").map { [DocsInline($0)] } ?? [])
        }
        let schemes = spec.securitySchemes.keys.sorted().compactMap { name -> DocsScheme? in
            guard let scheme = spec.securitySchemes[name].map(spec.resolve) else { return nil }
            return DocsScheme(
                name: name, words: words(name),
                kinds: [scheme.docText("type"), scheme.docText("scheme"), scheme.docText("bearerFormat")].compactMap { $0 },
                variable: "$" + envName(name), description: DocsMarkdown(scheme.docText("description")))
        }
        let webhookGroup = DocsGroup(
            name: "Outgoing webhooks", anchor: "section-webhooks", description: .empty,
            operations: webhooks.map { operation($0, spec) })
        return DocsPageView(
            title: spec.title, version: spec.info("version").map { [$0] } ?? [], openAPI: spec.root.docText("openapi").map { [$0] } ?? [],
            operationCount: groups.reduce(0) { $0 + $1.operations.count }, resourceCount: groups.count,
            documentPath: documentPath, introduction: DocsMarkdown(spec.info("description")), servers: servers, hasServers: !servers.isEmpty,
            exampleServer: spec.root.docMember("servers")?.docArray?.first?.docText("url").map { [$0] } ?? [],
            schemes: schemes, contents: contents, schemaCount: spec.schemas.isEmpty ? [] : [spec.schemas.count],
            groups: groups.map { group in
                DocsGroup(
                    name: group.name, anchor: group.anchor, description: DocsMarkdown(group.description),
                    operations: group.operations.map { operation($0, spec) })
            },
            webhooks: webhooks.isEmpty ? [] : [webhookGroup],
            schemas: spec.schemas.keys.sorted().compactMap { name in spec.schemas[name].map { schema(name, $0, spec) } },
            hasSchemas: !spec.schemas.isEmpty)
    }

    // MARK: - Sections

    private static func contentsEntry(_ op: DocsOperation) -> DocsContentsEntry {
        DocsContentsEntry(
            anchor: anchorID(op.id), method: DocsMethod(op.method), path: op.path, summary: op.operation.docText("summary") ?? op.id)
    }

    private static func schema(_ name: String, _ schema: JSONValue, _ spec: DocsSpec) -> DocsSchema {
        let example = schema.docMember("example").flatMap { $0.docObject != nil || $0.docArray != nil ? [json($0, pretty: true)] : nil }
        return DocsSchema(
            name: name, anchor: anchorID(name), type: type(schema, spec), description: DocsMarkdown(schema.docText("description")),
            facts: facts(schema), fields: fields(schema, spec), example: example ?? [])
    }

    private static func operation(_ op: DocsOperation, _ spec: DocsSpec) -> DocsOperationView {
        let parameters = spec.parameters(op)
        let body = op.operation.docMember("requestBody").map(spec.resolve)
        let media = body.flatMap { spec.orderedContent($0).first }
        let examples = media.map { spec.examples($0.media, buildFromSchema: $0.type.contains("json")) } ?? []
        let requestExamples: [DocsExample]
        if let media, !examples.isEmpty {
            requestExamples = examples.map { example in
                DocsExample(
                    label: example.label.map { [DocsInline($0)] } ?? [],
                    text: DocsExamples.curl(op, spec, parameters: parameters, bodyType: media.type, example: example.value))
            }
        } else {
            requestExamples = [
                DocsExample(label: [], text: DocsExamples.curl(op, spec, parameters: parameters, bodyType: media?.type, example: nil))
            ]
        }
        let responses = self.responses(op, spec)
        return DocsOperationView(
            id: op.id, anchor: anchorID(op.id), isWebhook: op.isWebhook, method: DocsMethod(op.method), path: op.path,
            pathParts: pathParts(op.path), summary: op.operation.docText("summary").map { [DocsInline($0)] } ?? [],
            auth: spec.security(op).map { DocsAuthAlternative(schemes: $0.map(words)) }, rateLimit: rateLimit(op),
            deprecated: op.operation.docMember("deprecated")?.docBool == true,
            description: DocsMarkdown(op.operation.docText("description")),
            parameters: parameters.map { self.parameter($0, spec) }, hasParameters: !parameters.isEmpty,
            requestBody: body.map { [requestBody($0, spec)] } ?? [], requestExamples: requestExamples,
            responses: responses, hasResponses: !responses.isEmpty)
    }

    private static func rateLimit(_ op: DocsOperation) -> [String] {
        guard let rate = op.operation.docMember("x-rate-limit"), let limit = rate.docMember("limit") else { return [] }
        var text = plain(limit)
        if let window = rate.docMember("window_seconds") { text += " per \(plain(window)) s" }
        if let per = rate.docText("per") { text += ", per \(per)" }
        if let tier = rate.docText("tier") { text += " (\(tier) tier)" }
        return [text]
    }

    private static func parameter(_ parameter: JSONValue, _ spec: DocsSpec) -> DocsParameter {
        let schema = parameter.docMember("schema") ?? .object([:])
        return DocsParameter(
            name: parameter.docText("name") ?? "?", location: parameter.docText("in") ?? "",
            required: parameter.docMember("required")?.docBool == true, type: type(schema, spec),
            description: DocsMarkdown(parameter.docText("description") ?? schema.docText("description")), facts: facts(schema),
            example: parameter.docMember("example").map { [plain($0)] } ?? [])
    }

    private static func requestBody(_ body: JSONValue, _ spec: DocsSpec) -> DocsRequestBody {
        DocsRequestBody(
            description: DocsMarkdown(body.docText("description")),
            media: spec.orderedContent(body).map { type, media in
                let schema = media.docMember("schema") ?? .object([:])
                return DocsBodyMedia(
                    required: body.docMember("required")?.docBool == true, mediaType: type, type: self.type(schema, spec),
                    description: DocsMarkdown(spec.resolve(schema).docText("description")), fields: fields(schema, spec))
            })
    }

    private static func responses(_ op: DocsOperation, _ spec: DocsSpec) -> [DocsResponse] {
        guard let responses = op.operation.docMember("responses")?.docObject else { return [] }
        return responses.keys.sorted(by: { (statusRank($0), $0) < (statusRank($1), $1) }).compactMap { status in
            guard let response = responses[status].map(spec.resolve) else { return nil }
            let headers = response.docMember("headers")?.docObject?.keys.sorted() ?? []
            return DocsResponse(
                status: status, statusClass: status.first.map { "status-\($0)" } ?? "status-x",
                description: DocsMarkdown(response.docText("description")), headers: headers, hasHeaders: !headers.isEmpty,
                media: spec.orderedContent(response).map { type, media in
                    let schema = media.docMember("schema")
                    let fields = schema.map { self.fields($0, spec) }
                    return DocsResponseMedia(
                        mediaType: type, type: schema.map { [self.type($0, spec)] } ?? [],
                        examples: spec.examples(media, buildFromSchema: type.contains("json")).map { example in
                            DocsExample(
                                label: example.label.map { [DocsInline($0)] } ?? [],
                                text: DocsExamples.text(example.value, mediaType: type))
                        },
                        fields: status.hasPrefix("2") ? (fields.flatMap { $0.hasRows ? [$0] : nil } ?? []) : [])
                })
        }
    }

    // MARK: - Schemas and fields

    private static func fields(_ schema: JSONValue, _ spec: DocsSpec) -> DocsFields {
        var prefix = ""
        var target = schema
        if spec.fields(schema).isEmpty, spec.isArray(spec.resolve(schema)), let items = spec.resolve(schema).docMember("items") {
            prefix = "[]."
            target = items
        }
        var rows: [DocsField] = []
        for field in spec.fields(target) {
            rows.append(fieldRow(prefix + field.name, field, nested: false, spec))
            guard let inner = spec.inlineObject(field.schema) else { continue }
            for child in spec.fields(inner.schema) {
                rows.append(fieldRow(prefix + field.name + inner.suffix + "." + child.name, child, nested: true, spec))
            }
        }
        return DocsFields(rows: rows, hasRows: !rows.isEmpty)
    }

    private static func fieldRow(_ name: String, _ field: DocsSpec.Field, nested: Bool, _ spec: DocsSpec) -> DocsField {
        DocsField(
            name: name, nested: nested, type: type(field.schema, spec), required: field.required,
            description: DocsMarkdown(field.schema.docText("description")), facts: facts(field.schema))
    }

    private static func type(_ schema: JSONValue, _ spec: DocsSpec) -> DocsType {
        var pieces: [DocsTypePiece] = []
        for piece in typePieces(schema, spec, depth: 0) {
            // Neighbouring text is one piece.
            if piece.schema.isEmpty, !piece.isEnum, piece.constant.isEmpty, let last = pieces.last, last.schema.isEmpty, !last.isEnum,
                last.constant.isEmpty
            {
                pieces[pieces.count - 1].text += piece.text
            } else {
                pieces.append(piece)
            }
        }
        return DocsType(pieces: pieces)
    }

    private static func typePieces(_ schema: JSONValue, _ spec: DocsSpec, depth: Int) -> [DocsTypePiece] {
        func text(_ text: String) -> DocsTypePiece { DocsTypePiece(text: text) }
        func joined(_ parts: [[DocsTypePiece]], by separator: String) -> [DocsTypePiece] {
            parts.enumerated().flatMap { index, part in index == 0 ? part : [text(separator)] + part }
        }
        guard depth < 6 else { return [text("…")] }
        if let ref = schema.docText("$ref") {
            guard let name = spec.schemaName(ref) else { return [text(ref)] }
            let link = DocsTypePiece(schema: [DocsSchemaLink(name: name, anchor: anchorID(name))])
            return [link] + (spec.resolve(schema).docMember("enum")?.docArray.map { [enumPiece($0)] } ?? [])
        }
        var pieces: [DocsTypePiece]
        if let variants = (schema.docMember("oneOf") ?? schema.docMember("anyOf"))?.docArray {
            pieces = joined(variants.map { typePieces($0, spec, depth: depth + 1) }, by: " | ")
        } else if let parts = schema.docMember("allOf")?.docArray {
            pieces = joined(parts.map { typePieces($0, spec, depth: depth + 1) }, by: " & ")
        } else {
            var types = schema.docMember("type")?.docArray?.compactMap(\.docString) ?? schema.docText("type").map { [$0] } ?? []
            if types.isEmpty, schema.docMember("enum") == nil, schema.docMember("const") == nil {
                types = [schema.docMember("properties") != nil ? "object" : "any"]
            }
            pieces = joined(
                types.map { type -> [DocsTypePiece] in
                    switch type {
                    case "array":
                        let item = schema.docMember("items").map { typePieces($0, spec, depth: depth + 1) } ?? [text("any")]
                        let alternatives = item.contains { $0.text.contains(" | ") }
                        return [text("array of " + (alternatives ? "(" : ""))] + item + (alternatives ? [text(")")] : [])
                    case "object":
                        guard let values = schema.docMember("additionalProperties"), values.docObject != nil else { return [text("object")] }
                        return [text("object (map of ")] + typePieces(values, spec, depth: depth + 1) + [text(")")]
                    case "null": return [text("null")]
                    default: return [text(type + (schema.docText("format").map { " (\($0))" } ?? ""))]
                    }
                }, by: " | ")
        }
        if schema.docMember("nullable")?.docBool == true { pieces.append(text(" | null")) }
        if let values = schema.docMember("enum")?.docArray { pieces.append(enumPiece(values)) }
        if let value = schema.docMember("const") { pieces.append(DocsTypePiece(constant: [plain(value)])) }
        return pieces
    }

    private static func enumPiece(_ values: [JSONValue]) -> DocsTypePiece {
        DocsTypePiece(isEnum: true, values: values.map(plain))
    }

    private static func facts(_ schema: JSONValue) -> DocsFacts {
        let labels = [
            ("default", "Default"), ("minimum", "Minimum"), ("exclusiveMinimum", "Above"), ("maximum", "Maximum"),
            ("exclusiveMaximum", "Below"), ("minLength", "Min length"), ("maxLength", "Max length"),
            ("minItems", "Min items"), ("maxItems", "Max items"), ("pattern", "Pattern"),
        ]
        var items: [DocsFact] = []
        for (key, label) in labels {
            guard let value = schema.docMember(key) else { continue }
            items.append(DocsFact(label: label, values: [key == "pattern" ? plain(value) : json(value, pretty: false)]))
        }
        let examples = (schema.docMember("example").map { [$0] } ?? []) + (schema.docMember("examples")?.docArray ?? [])
        let shown = examples.map { json($0, pretty: false) }
        if !shown.isEmpty, shown.allSatisfy({ $0.count <= 120 }) { items.append(DocsFact(label: "Example", values: shown)) }
        for (key, label) in [("uniqueItems", "Unique items"), ("readOnly", "Read-only"), ("writeOnly", "Write-only"), ("deprecated", "Deprecated")]
        where schema.docMember(key)?.docBool == true {
            items.append(DocsFact(label: label, values: []))
        }
        return DocsFacts(items: items, hasItems: !items.isEmpty)
    }

    // MARK: - Small pieces of text

    private static func pathParts(_ path: String) -> [DocsPathPart] {
        var parts: [DocsPathPart] = []
        var rest = Substring(path)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { parts.append(DocsPathPart(text: String(rest[..<open]), isParameter: false)) }
            parts.append(DocsPathPart(text: String(rest[open...close]), isParameter: true))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(DocsPathPart(text: String(rest), isParameter: false)) }
        return parts
    }

    private static func statusRank(_ status: String) -> Int {
        if let code = Int(status) { return code }
        if let digit = status.first?.wholeNumberValue { return digit * 100 + 99 }
        return 10_000
    }

    /// `userToken` → `user token`.
    static func words(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase, !result.isEmpty, result.last != " " { result += " " }
            result += character == "_" || character == "-" ? " " : character.lowercased()
        }
        return result
    }

    /// `userToken` → `USER_TOKEN`.
    static func envName(_ name: String) -> String {
        words(name).uppercased().replacingOccurrences(of: " ", with: "_")
    }

    /// An `id` attribute value: HTML ids may not contain whitespace.
    private static func anchorID(_ text: String) -> String {
        String(text.map { $0.isWhitespace ? "-" : $0 })
    }

    /// A value as a reader types it: a string without its quotes, anything else as compact JSON.
    static func plain(_ value: JSONValue) -> String {
        value.docString ?? json(value, pretty: false)
    }

    /// JSON text with sorted keys: compact on one line, or pretty with 2-space indentation.
    static func json(_ value: JSONValue, pretty: Bool, indent: String = "") -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return number.isFinite ? "\(number)" : "null"
        case .string(let text): return quoted(text)
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            guard pretty else { return "[" + items.map { json($0, pretty: false) }.joined(separator: ", ") + "]" }
            let inner = indent + "  "
            return "[\n" + items.map { inner + json($0, pretty: true, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let object):
            guard !object.isEmpty else { return "{}" }
            let members = object.sorted { $0.key < $1.key }
            guard pretty else {
                return "{" + members.map { quoted($0.key) + ": " + json($0.value, pretty: false) }.joined(separator: ", ") + "}"
            }
            let inner = indent + "  "
            return "{\n" + members.map { inner + quoted($0.key) + ": " + json($0.value, pretty: true, indent: inner) }
                .joined(separator: ",\n") + "\n\(indent)}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{8}": result += "\\b"
            case "\u{C}": result += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
