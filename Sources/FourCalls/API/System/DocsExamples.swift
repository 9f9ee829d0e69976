import Foundation

/// The documentation page's examples as text: a `curl` command for each operation (auth from
/// `$USER_TOKEN`-style variables, required query and header parameters, the body example), and
/// bodies as pretty JSON or as the text they are.
enum DocsExamples {
    static func curl(
        _ op: DocsOperation, _ spec: DocsSpec, parameters: [JSONValue], bodyType: String?, example: JSONValue?
    ) -> String {
        var query: [String] = []
        var options: [String] = []
        for parameter in parameters where parameter.docMember("required")?.docBool == true {
            guard let name = parameter.docText("name"), name.lowercased() != "authorization" else { continue }
            let value = parameterExample(parameter) ?? "{\(name)}"
            switch parameter.docText("in") {
            case "query": query.append(name + "=" + value)
            case "header": options.append("-H \"\(shellEscaped("\(name): \(value)"))\"")
            default: break
            }
        }
        let target = op.isWebhook ? "" : op.path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        let base = op.isWebhook ? "$WEBHOOK_URL" : "$BASE_URL"
        var first = "curl" + (op.method == "get" ? "" : " -X \(op.method.uppercased())") + " \"\(base)\(shellEscaped(target))\""
        if op.method == "head" { first = "curl -I \"\(base)\(shellEscaped(target))\"" }
        if !op.isWebhook, let names = spec.security(op).first(where: { !$0.isEmpty }) {
            options = names.map { authOption($0, spec) } + options
        }
        if let bodyType {
            options.append("-H \"Content-Type: \(shellEscaped(bodyType))\"")
            if let example {
                let flag = bodyType.contains("json") ? "-d" : "--data-binary"
                options.append(flag + " " + shellSingleQuoted(text(example, mediaType: bodyType)))
            } else {
                options.append("--data-binary @body")
            }
        }
        return ([first] + options).joined(separator: " \\\n  ")
    }

    /// An example as shown: pretty JSON, or the text itself for a text body.
    static func text(_ value: JSONValue, mediaType: String) -> String {
        if !mediaType.contains("json"), let text = value.docString { return text }
        return DocsPage.json(value, pretty: true)
    }

    private static func authOption(_ name: String, _ spec: DocsSpec) -> String {
        let scheme = spec.securitySchemes[name].map(spec.resolve) ?? .null
        let variable = "$" + DocsPage.envName(name)
        switch (scheme.docText("type"), scheme.docText("scheme")?.lowercased()) {
        case ("http"?, "basic"?): return "-u \"\(variable)\""
        case ("apiKey"?, _) where scheme.docText("in") == "header":
            return "-H \"\(shellEscaped(scheme.docText("name") ?? "X-API-Key")): \(variable)\""
        case ("apiKey"?, _) where scheme.docText("in") == "cookie":
            return "-b \"\(shellEscaped(scheme.docText("name") ?? "session"))=\(variable)\""
        default: return "-H \"Authorization: Bearer \(variable)\""
        }
    }

    private static func parameterExample(_ parameter: JSONValue) -> String? {
        let schema = parameter.docMember("schema")
        let candidates: [JSONValue?] = [
            parameter.docMember("example"), schema?.docMember("example"), schema?.docMember("examples")?.docArray?.first,
            schema?.docMember("default"), schema?.docMember("enum")?.docArray?.first,
        ]
        return candidates.compactMap { $0 }.first.map(DocsPage.plain)
    }

    private static func shellEscaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\\"$`".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    private static func shellSingleQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
