import Foundation

// What the documentation page's templates (`Resources/Templates/docs/`) show, built by
// `DocsPage` from the OpenAPI document. Every value is plain text: the templates write the
// markup and escape the text. Mustache looks a missing or nil member up in the enclosing views,
// so nothing here is optional: a value that may be absent is an array of zero or one element.

struct DocsPageView: TemplateView {
    let title: String
    let version: [String]
    let openAPI: [String]
    let operationCount: Int
    let resourceCount: Int
    let documentPath: String
    let introduction: DocsMarkdown
    let servers: [DocsServer]
    let hasServers: Bool
    let exampleServer: [String]
    let schemes: [DocsScheme]
    let contents: [DocsContentsGroup]
    let schemaCount: [Int]
    let groups: [DocsGroup]
    let webhooks: [DocsGroup]
    let schemas: [DocsSchema]
    let hasSchemas: Bool
}

struct DocsServer: TemplateView {
    let url: String
    let label: [DocsInline]
}

struct DocsScheme: TemplateView {
    let name: String
    let words: String
    /// Its `type`, `scheme` and `bearerFormat`.
    let kinds: [String]
    let variable: String
    let description: DocsMarkdown
}

struct DocsContentsGroup: TemplateView {
    let name: String
    let anchor: String
    let count: Int
    let entries: [DocsContentsEntry]
}

struct DocsContentsEntry: TemplateView {
    let anchor: String
    let method: DocsMethod
    let path: String
    let summary: String
}

struct DocsMethod: TemplateView {
    /// `get`, for the badge's class.
    let name: String
    /// `GET`.
    let label: String

    init(_ method: String) {
        name = method
        label = method.uppercased()
    }
}

struct DocsGroup: TemplateView {
    let name: String
    let anchor: String
    let description: DocsMarkdown
    let operations: [DocsOperationView]
}

struct DocsOperationView: TemplateView {
    let id: String
    let anchor: String
    let isWebhook: Bool
    let method: DocsMethod
    let path: String
    /// The path in pieces, its `{parameters}` marked.
    let pathParts: [DocsPathPart]
    let summary: [DocsInline]
    /// The alternatives of its security, each the schemes it combines (words); empty: none needed.
    let auth: [DocsAuthAlternative]
    let rateLimit: [String]
    let deprecated: Bool
    let description: DocsMarkdown
    let parameters: [DocsParameter]
    let hasParameters: Bool
    let requestBody: [DocsRequestBody]
    let requestExamples: [DocsExample]
    let responses: [DocsResponse]
    let hasResponses: Bool
}

struct DocsPathPart: TemplateView {
    let text: String
    let isParameter: Bool
}

struct DocsAuthAlternative: TemplateView {
    let schemes: [String]
}

struct DocsParameter: TemplateView {
    let name: String
    let location: String
    let required: Bool
    let type: DocsType
    let description: DocsMarkdown
    let facts: DocsFacts
    let example: [String]
}

struct DocsRequestBody: TemplateView {
    let description: DocsMarkdown
    let media: [DocsBodyMedia]
}

struct DocsBodyMedia: TemplateView {
    let required: Bool
    let mediaType: String
    let type: DocsType
    let description: DocsMarkdown
    let fields: DocsFields
}

/// An example: a `curl` command or a body, as text.
struct DocsExample: TemplateView {
    let label: [DocsInline]
    let text: String
}

struct DocsResponse: TemplateView {
    let status: String
    /// `status-2` for any 2xx.
    let statusClass: String
    let description: DocsMarkdown
    let headers: [String]
    let hasHeaders: Bool
    let media: [DocsResponseMedia]
}

struct DocsResponseMedia: TemplateView {
    let mediaType: String
    let type: [DocsType]
    let examples: [DocsExample]
    /// The fields of a success body, behind a disclosure.
    let fields: [DocsFields]
}

struct DocsFields: TemplateView {
    let rows: [DocsField]
    let hasRows: Bool
}

struct DocsField: TemplateView {
    let name: String
    let nested: Bool
    let type: DocsType
    let required: Bool
    let description: DocsMarkdown
    let facts: DocsFacts
}

/// A readable type: `string (uuid) | null`, `array of Contact` (linked to the schema), the
/// values of an enum.
struct DocsType: TemplateView {
    let pieces: [DocsTypePiece]
}

struct DocsTypePiece: TemplateView {
    var text: String = ""
    var schema: [DocsSchemaLink] = []
    var isEnum = false
    var values: [String] = []
    var constant: [String] = []
}

struct DocsSchemaLink: TemplateView {
    let name: String
    let anchor: String
}

/// Defaults, bounds and examples of a schema, in one muted line.
struct DocsFacts: TemplateView {
    let items: [DocsFact]
    let hasItems: Bool
}

struct DocsFact: TemplateView {
    let label: String
    let values: [String]
}

struct DocsSchema: TemplateView {
    let name: String
    let anchor: String
    let type: DocsType
    let description: DocsMarkdown
    let facts: DocsFacts
    let fields: DocsFields
    let example: [String]
}
