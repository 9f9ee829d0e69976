import Foundation
import Hummingbird

/// Reading a platform's webhook: the raw body (signatures are over its bytes), then its JSON.
enum PlatformEnvelope {
    static func body(of request: Request, context: some RequestContext) async throws -> [UInt8] {
        Array(buffer: try await request.body.collect(upTo: context.maxUploadSize))
    }

    /// The body of a signed webhook as a JSON object: when the agent has the platform's
    /// `secret`, `verify` must accept the raw bytes first (else 401, and nothing is read).
    static func verifiedObject(
        of request: Request, context: some RequestContext, secret: String?, verify: (String, [UInt8]) -> Bool
    ) async throws -> [String: JSONValue] {
        let body = try await self.body(of: request, context: context)
        if let secret, !verify(secret, body) { throw badSignature }
        return try object(body)
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
