import Foundation
import Hummingbird

/// A Laravel-style page: `{"data": [...], "current_page", "per_page", "total", "last_page"}`.
struct PageResponse<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
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
}

/// 201 Created with a JSON body.
func created(_ body: some ResponseEncodable) -> EditedResponse<some ResponseEncodable> {
    EditedResponse(status: .created, response: body)
}
