import Foundation

// The OpenAPI document as the documentation page reads it: operations by tag, `$ref`s
// followed, parameters merged, examples found or built from the schemas. Nothing here
// knows HTML; `DocsPage` turns what it reads into the view the templates show.

/// One operation of `paths` (or of `webhooks`).
struct DocsOperation {
    let id: String
    let method: String
    let path: String
    let tag: String?
    let operation: JSONValue
    let sharedParameters: [JSONValue]
    let isWebhook: Bool
}

/// The OpenAPI document, read through `$ref`s.
struct DocsSpec {
    struct Group {
        let name: String
        let anchor: String
        let description: String?
        let operations: [DocsOperation]
    }

    struct Field {
        let name: String
        let schema: JSONValue
        let required: Bool
    }

    static let methods = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]

    let root: JSONValue
    let schemas: [String: JSONValue]
    let securitySchemes: [String: JSONValue]

    init(_ root: JSONValue) {
        self.root = root
        let components = root.docMember("components")
        schemas = components?.docMember("schemas")?.docObject ?? [:]
        securitySchemes = components?.docMember("securitySchemes")?.docObject ?? [:]
    }

    var title: String { info("title") ?? "API" }

    func info(_ key: String) -> String? { root.docMember("info")?.docText(key) }

    /// Follows local `$ref`s (`#/components/...`), a few hops at most.
    func resolve(_ value: JSONValue) -> JSONValue {
        var current = value
        for _ in 0..<8 {
            guard let ref = current.docText("$ref"), let target = pointer(ref) else { return current }
            current = target
        }
        return current
    }

    private func pointer(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node = root
        for token in ref.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let next = node.docMember(key) else { return nil }
            node = next
        }
        return node
    }

    func schemaName(_ ref: String) -> String? {
        let prefix = "#/components/schemas/"
        guard ref.hasPrefix(prefix) else { return nil }
        let name = String(ref.dropFirst(prefix.count))
        return schemas[name] == nil ? nil : name
    }

    /// The operations of `paths` or `webhooks`, by path then method.
    func operations(in key: String, webhook: Bool) -> [DocsOperation] {
        guard let items = root.docMember(key)?.docObject else { return [] }
        var result: [DocsOperation] = []
        for path in items.keys.sorted() {
            guard let item = items[path].map(resolve) else { continue }
            let shared = item.docMember("parameters")?.docArray ?? []
            for method in Self.methods {
                guard let operation = item.docMember(method), operation.docObject != nil else { continue }
                result.append(
                    DocsOperation(
                        id: operation.docText("operationId") ?? DocsSpec.slug("\(method) \(path)"), method: method, path: path,
                        tag: operation.docMember("tags")?.docArray?.first?.docString, operation: operation,
                        sharedParameters: shared, isWebhook: webhook))
            }
        }
        return result
    }

    /// The operations of `paths` by their first tag: the document's `tags` order, then tags it does
    /// not declare (sorted), then "Other" for untagged operations.
    func groups() -> [Group] {
        let all = operations(in: "paths", webhook: false)
        var names: [String] = []
        var descriptions: [String: String] = [:]
        for tag in root.docMember("tags")?.docArray ?? [] {
            guard let name = tag.docText("name"), !names.contains(name) else { continue }
            names.append(name)
            descriptions[name] = tag.docText("description")
        }
        names += Set(all.compactMap(\.tag)).subtracting(names).sorted()
        var anchors: Set<String> = []
        func anchor(_ name: String) -> String {
            var candidate = "tag-" + DocsSpec.slug(name)
            var number = 2
            while anchors.contains(candidate) {
                candidate = "tag-\(DocsSpec.slug(name))-\(number)"
                number += 1
            }
            anchors.insert(candidate)
            return candidate
        }
        var groups: [Group] = []
        for name in names {
            let operations = all.filter { $0.tag == name }
            guard !operations.isEmpty else { continue }
            groups.append(Group(name: name, anchor: anchor(name), description: descriptions[name], operations: operations))
        }
        let untagged = all.filter { $0.tag == nil }
        if !untagged.isEmpty {
            groups.append(Group(name: "Other", anchor: anchor("Other"), description: nil, operations: untagged))
        }
        return groups
    }

    /// The alternatives of the operation's security (its own, else the document's), each the
    /// sorted names of the schemes it combines; empty when the operation needs none.
    func security(_ operation: DocsOperation) -> [[String]] {
        let value = operation.operation.docMember("security") ?? root.docMember("security")
        return (value?.docArray ?? []).map { ($0.docObject ?? [:]).keys.sorted() }
    }

    /// Path-level then operation-level parameters (an operation's overrides a path's), path
    /// parameters first, then query, header and cookie ones.
    func parameters(_ operation: DocsOperation) -> [JSONValue] {
        var merged: [JSONValue] = []
        var positions: [String: Int] = [:]
        for raw in operation.sharedParameters + (operation.operation.docMember("parameters")?.docArray ?? []) {
            let parameter = resolve(raw)
            let key = (parameter.docText("in") ?? "") + ":" + (parameter.docText("name") ?? "")
            if let position = positions[key] {
                merged[position] = parameter
            } else {
                positions[key] = merged.count
                merged.append(parameter)
            }
        }
        let locations = ["path", "query", "header", "cookie"]
        return locations.flatMap { location in merged.filter { $0.docText("in") == location } }
            + merged.filter { !locations.contains($0.docText("in") ?? "") }
    }

    /// The media types of a request body or response, JSON first, then sorted.
    func orderedContent(_ holder: JSONValue) -> [(type: String, media: JSONValue)] {
        guard let content = holder.docMember("content")?.docObject else { return [] }
        return content.keys.sorted { ($0 == "application/json" ? 0 : 1, $0) < ($1 == "application/json" ? 0 : 1, $1) }
            .compactMap { type in content[type].map { (type: type, media: $0) } }
    }

    /// `example`, else every entry of `examples` (sorted by name) with its summary, else (when
    /// asked) one built from the schema.
    func examples(_ media: JSONValue, buildFromSchema: Bool) -> [(label: String?, value: JSONValue)] {
        if let example = media.docMember("example") { return [(label: nil, value: example)] }
        if let examples = media.docMember("examples")?.docObject, !examples.isEmpty {
            return examples.keys.sorted().compactMap { name in
                guard let entry = examples[name].map(resolve), let value = entry.docMember("value") else { return nil }
                return (label: entry.docText("summary") ?? name, value: value)
            }
        }
        guard buildFromSchema, let schema = media.docMember("schema") else { return [] }
        let value = sample(schema, depth: 0)
        guard value != .null, value != .object([:]) else { return [] }
        return [(label: "Built from the schema's examples and types:", value: value)]
    }

    /// An example value for a schema: its own `example`, else one assembled from its parts.
    func sample(_ schema: JSONValue, depth: Int) -> JSONValue {
        if let example = schema.docMember("example") ?? schema.docMember("examples")?.docArray?.first { return example }
        guard depth < 6 else { return .null }
        if schema.docMember("$ref") != nil { return sample(resolve(schema), depth: depth + 1) }
        if let value = schema.docMember("const") ?? schema.docMember("default") ?? schema.docMember("enum")?.docArray?.first {
            return value
        }
        if let variants = (schema.docMember("oneOf") ?? schema.docMember("anyOf"))?.docArray {
            let chosen = variants.first { $0.docText("type") != "null" } ?? variants.first
            return chosen.map { sample($0, depth: depth + 1) } ?? .null
        }
        if let parts = schema.docMember("allOf")?.docArray {
            var merged: [String: JSONValue] = [:]
            for part in parts {
                guard case .object(let object) = sample(part, depth: depth + 1) else { continue }
                merged.merge(object) { current, _ in current }
            }
            for field in fields(schema) where merged[field.name] == nil {
                merged[field.name] = sample(field.schema, depth: depth + 1)
            }
            return merged.isEmpty ? (parts.first.map { sample($0, depth: depth + 1) } ?? .null) : .object(merged)
        }
        let types = schema.docMember("type")?.docArray?.compactMap(\.docString) ?? schema.docText("type").map { [$0] } ?? []
        let type = types.first { $0 != "null" } ?? (schema.docMember("properties") != nil ? "object" : "null")
        switch type {
        case "object":
            var object: [String: JSONValue] = [:]
            for field in fields(schema) { object[field.name] = sample(field.schema, depth: depth + 1) }
            return .object(object)
        case "array":
            return .array(schema.docMember("items").map { [sample($0, depth: depth + 1)] } ?? [])
        case "string":
            switch schema.docText("format") {
            case "date-time": return .string("2026-01-20T10:00:00Z")
            case "date": return .string("2026-01-20")
            case "uuid": return .string("3f1c2b4a-6d5e-4a7b-9c8d-0e1f2a3b4c5d")
            case "email": return .string("user@example.com")
            case "uri", "url": return .string("https://example.com/")
            default: return .string("string")
            }
        case "integer", "number": return schema.docMember("minimum") ?? .int(0)
        case "boolean": return .bool(true)
        default: return .null
        }
    }

    func isArray(_ schema: JSONValue) -> Bool {
        schema.docText("type") == "array" || schema.docMember("type")?.docArray?.contains(.string("array")) == true
    }

    /// The properties of an object schema through `$ref`s and `allOf`s, required ones first.
    func fields(_ schema: JSONValue) -> [Field] {
        let shape = objectShape(schema, depth: 0)
        let names = shape.properties.keys.sorted { first, second in
            let firstRequired = shape.required.contains(first)
            return firstRequired != shape.required.contains(second) ? firstRequired : first < second
        }
        return names.compactMap { name in
            shape.properties[name].map { Field(name: name, schema: $0, required: shape.required.contains(name)) }
        }
    }

    private func objectShape(_ schema: JSONValue, depth: Int) -> (properties: [String: JSONValue], required: Set<String>) {
        let resolved = resolve(schema)
        var properties = resolved.docMember("properties")?.docObject ?? [:]
        var required = Set((resolved.docMember("required")?.docArray ?? []).compactMap(\.docString))
        guard depth < 8 else { return (properties, required) }
        for part in resolved.docMember("allOf")?.docArray ?? [] {
            let inner = objectShape(part, depth: depth + 1)
            properties.merge(inner.properties) { current, _ in current }
            required.formUnion(inner.required)
        }
        return (properties, required)
    }

    /// An inline (not `$ref`) object worth listing under its property: the schema itself, the one
    /// non-null variant of a `oneOf`/`anyOf`, or inline array items (`suffix` `[]`).
    func inlineObject(_ schema: JSONValue) -> (suffix: String, schema: JSONValue)? {
        guard schema.docMember("$ref") == nil else { return nil }
        if let variants = (schema.docMember("oneOf") ?? schema.docMember("anyOf"))?.docArray {
            let nonNull = variants.filter { $0.docText("type") != "null" }
            guard nonNull.count == 1, let only = nonNull.first else { return nil }
            return inlineObject(only)
        }
        if isArray(schema) {
            guard let items = schema.docMember("items"), items.docMember("$ref") == nil, !fields(items).isEmpty else { return nil }
            return ("[]", items)
        }
        return fields(schema).isEmpty ? nil : ("", schema)
    }

    /// A lower-case ASCII slug for an anchor: `Call logs` → `call-logs`.
    static func slug(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                result.append(character)
            } else if !result.isEmpty, result.last != "-" {
                result.append("-")
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result.isEmpty ? "section" : result
    }
}

// MARK: - Reading JSON

extension JSONValue {
    /// A member of an object, nil for anything else (the page reads whatever the document holds).
    func docMember(_ key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    func docText(_ key: String) -> String? { docMember(key)?.docString }

    var docString: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var docArray: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var docObject: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    var docBool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}
