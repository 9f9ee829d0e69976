import Foundation
import Logging
import NIOCore
import ServiceLifecycle

/// Background CSV imports (`?async=true`), one at a time: the body is kept in a file of its
/// own (readable by its owner alone) while the request answers 202, then imported in
/// chunks like any import, its progress written to `contact_imports` after every chunk.
/// A lifecycle service: on shutdown no queued import starts; the running one goes on until it
/// ends or the shutdown timeout stops the server. An import whose server stopped before it
/// ended (or began) is marked `failed` by the maintenance sweep once it has made no progress
/// for 15 minutes; the chunks written before stay imported.
final class ContactImportJobs: Service, Sendable {
    struct Job: Sendable {
        let id: UUID
        let organization: Organization
        let file: URL
    }

    let importer: ContactImport
    let storage: any Storage
    let clock: any AppClock
    let logger: Logger
    private let queue: AsyncStream<Job>
    private let submit: AsyncStream<Job>.Continuation
    private let folder: URL

    init(importer: ContactImport, logger: Logger) {
        self.importer = importer
        storage = importer.storage
        clock = importer.clock
        self.logger = logger
        (queue, submit) = AsyncStream.makeStream(of: Job.self)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("fourcalls-imports", isDirectory: true)
    }

    /// Keeps the body in a file, records the job as `running` and queues it.
    func start<Bytes: AsyncSequence>(_ bytes: Bytes, organization: Organization) async throws -> ContactImportJob
    where Bytes.Element == ByteBuffer {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let id = UUID.random()
        let file = folder.appendingPathComponent("\(id.api).csv")
        guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw APIError.internalError
        }
        do {
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            var written = 0
            for try await buffer in bytes {
                written += buffer.readableBytes
                if written > ContactImport.maxBytes { throw APIError.payloadTooLarge }
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            }
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
        let job = ContactImportJob(id: id, organizationID: organization.id, now: clock.now())
        try await storage.transaction { db in try await ContactImportRepository(db: db).insert(job) }
        submit.yield(Job(id: id, organization: organization, file: file))
        return job
    }

    func find(_ id: UUID, organizationID: UUID) async throws -> ContactImportJob? {
        try await storage.read { db in try await ContactImportRepository(db: db).find(id: id, organizationID: organizationID) }
    }

    func run() async throws {
        for await job in queue.cancelOnGracefulShutdown() {
            await process(job)
        }
    }

    private func process(_ job: Job) async {
        defer { try? FileManager.default.removeItem(at: job.file) }
        let storage = storage
        let clock = clock
        guard var record = try? await find(job.id, organizationID: job.organization.id) else { return }
        do {
            let report = try await importer.run(bytes: FileChunks(url: job.file), organization: job.organization) { progress in
                record.record(progress, now: clock.now())
                let snapshot = record
                try await storage.transaction { db in try await ContactImportRepository(db: db).update(snapshot) }
            }
            record.record(.init(rowsProcessed: record.rowsProcessed, report: report), now: clock.now())
            record.status = .done
        } catch {
            record.status = .failed
            record.error = (error as? APIError)?.message ?? "The import stopped: \(error)"
            if !(error is APIError) { logger.error("contact import failed", metadata: ["import": "\(job.id.api)", "error": "\(error)"]) }
        }
        record.finishedAt = clock.now()
        record.updatedAt = clock.now()
        let finished = record
        do {
            try await storage.transaction { db in try await ContactImportRepository(db: db).update(finished) }
        } catch {
            logger.error("contact import's result could not be recorded", metadata: ["import": "\(job.id.api)", "error": "\(error)"])
        }
    }
}

/// A file read in 64 KiB chunks.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let url: URL

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?

        mutating func next() async throws -> ByteBuffer? {
            guard let handle, let data = try handle.read(upToCount: 64 * 1024), !data.isEmpty else {
                try? handle?.close()
                return nil
            }
            return ByteBuffer(data: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: try? FileHandle(forReadingFrom: url)) }
}
