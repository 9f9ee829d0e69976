import Foundation
import Hummingbird

/// A Laravel-style page: `{"data": [...], "current_page", "per_page", "total", "last_page"}`.
struct PageResponse<Item: Encodable & Sendable>: ResponseGenerator, Encodable, Sendable {
    let data: [Item]
    let current_page: Int
    let per_page: Int
    let total: Int
    let last_page: Int

    init<Row>(_ paged: Paged<Row>, _ transform: (Row) throws -> Item) rethrows {
        data = try paged.items.map(transform)
        current_page = paged.page.page
        per_page = paged.page.perPage
        total = paged.total
        last_page = paged.lastPage
    }

    /// Pages of items that write their own JSON (`JSONWritable`) are written the same way;
    /// others go through the context's encoder.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        guard let json = try written() else {
            return try context.responseEncoder.encode(self, from: request, context: context)
        }
        return json.response()
    }

    /// The page's JSON when its items write their own; nil otherwise.
    func written() throws -> JSONWriter? {
        guard Item.self is any JSONWritable.Type else { return nil }
        var json = JSONWriter(capacity: 512 * max(data.count, 1))
        json.raw("{\"current_page\":")
        json.write(current_page)
        json.raw(",\"data\":[")
        for (index, item) in data.enumerated() {
            if index > 0 { json.raw(",") }
            try (item as? any JSONWritable)?.write(to: &json)
        }
        json.raw("],\"last_page\":")
        json.write(last_page)
        json.raw(",\"per_page\":")
        json.write(per_page)
        json.raw(",\"total\":")
        json.write(total)
        json.raw("}")
        return json
    }
}

/// 201 Created with a JSON body.
func created(_ body: some ResponseGenerator) -> EditedResponse<some ResponseGenerator> {
    EditedResponse(status: .created, response: body)
}
