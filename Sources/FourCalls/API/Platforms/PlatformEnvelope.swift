import Foundation
import Hummingbird

/// Reading a platform's webhook: the raw body (signatures are over its bytes), then its JSON.
enum PlatformEnvelope {
    static func body(of request: Request, context: some RequestContext) async throws -> [UInt8] {
        Array(buffer: try await request.body.collect(upTo: context.maxUploadSize))
    }

    static func object(_ body: [UInt8]) throws -> [String: JSONValue] {
        guard case .object(let object)? = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(body)) else {
            throw APIError.badRequest("The request body must be a JSON object.")
        }
        return object
    }

    static let badSignature = APIError(.unauthorized, code: "UNAUTHENTICATED", message: "The webhook signature does not match.")

    static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value, !text.isEmpty { return text }
        return nil
    }

    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let number)?: Double(number)
        case .double(let number)?: number
        case .string(let text)?: Double(text)
        default: nil
        }
    }
}
