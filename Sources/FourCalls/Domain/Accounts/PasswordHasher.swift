import HummingbirdBcrypt
import NIOPosix

/// bcrypt on a thread pool of its own: hashing is a blocking C call (~50 ms at cost 10) that
/// must neither block the event loops nor occupy the database's threads.
public final class PasswordHasher: Sendable {
    let cost: UInt8
    private let threadPool: NIOThreadPool
    /// A hash of nothing anybody knows, verified when a login names an unknown user.
    let decoyHash: String

    public init(cost: UInt8, threads: Int = 1) {
        self.cost = cost
        threadPool = NIOThreadPool(numberOfThreads: threads)
        threadPool.start()
        decoyHash = Bcrypt.hash(TokenSecret.generate(), cost: cost)
    }

    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await threadPool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await threadPool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    public func shutdown() async {
        try? await threadPool.shutdownGracefully()
    }
}
