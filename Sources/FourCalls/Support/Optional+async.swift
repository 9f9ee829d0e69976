import Foundation

extension Optional {
    /// `flatMap` with an asynchronous transform.
    func asyncFlatMap<Other>(_ transform: (Wrapped) async throws -> Other?) async rethrows -> Other? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
