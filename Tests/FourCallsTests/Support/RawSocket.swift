import Foundation

/// A TCP connection to the test server on 127.0.0.1, written and read by hand: for what no
/// HTTP client sends (broken framing, a head dribbled byte by byte). Blocking calls run on
/// a dispatch queue, off the test's executor.
final class RawSocket: @unchecked Sendable {
    struct Failure: Error { let step: String }

    private let fd: Int32

    /// Connects to `port` on 127.0.0.1, from `source` (another loopback address, so that
    /// the server sees several clients) when given.
    init(port: Int, from source: String? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(step: "socket") }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                close(fd)
                throw Failure(step: "bind \(source)")
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure(step: "connect")
        }
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw Failure(step: "send") }
    }

    /// What arrives until the peer closes or `timeout` seconds pass; `closed` says which.
    func read(timeout: Double) async -> (text: String, closed: Bool) {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.blockingRead(timeout: timeout)) }
        }
    }

    private func blockingRead(timeout: Double) -> (text: String, closed: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return (String(decoding: answer, as: UTF8.self), false) }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, left * 1000)))
            if ready <= 0 { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { return (String(decoding: answer, as: UTF8.self), true) }
            answer += buffer[0..<count]
        }
    }
}

enum RawHTTP {
    /// One request on a connection of its own, and all the server answers until it closes
    /// the connection (send `Connection: close`) or 30 s pass (a generous bound: with every
    /// suite on two cores, a live app's first answers took over 5 s in CI).
    static func exchange(port: Int, from source: String? = nil, _ request: String) async throws -> String {
        let socket = try RawSocket(port: port, from: source)
        try socket.send(request)
        return await socket.read(timeout: 30).text
    }
}

extension RawHTTP {
    /// A JSON POST from `source`; the status code and the body.
    static func post(port: Int, from source: String, _ path: String, json: String) async throws -> (status: Int, body: String) {
        let request = "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(json.utf8.count)\r\nConnection: close\r\n\r\n\(json)"
        let answer = try await exchange(port: port, from: source, request)
        let status = answer.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        let body = answer.range(of: "\r\n\r\n").map { String(answer[$0.upperBound...]) } ?? ""
        return (status, body)
    }
}

/// A Server-Sent Events stream read over a socket of its own: what has arrived so far, and
/// waits for more.
final class EventStreamClient: @unchecked Sendable {
    private let socket: RawSocket
    private let lock = NSLock()
    private var received = ""
    private var isClosed = false

    /// Opens `GET path` with the bearer `token` or the `cookie` (and `Last-Event-ID` when given).
    init(port: Int, path: String, token: String? = nil, cookie: String? = nil, lastEventID: String? = nil) throws {
        socket = try RawSocket(port: port)
        var request = "GET \(path) HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
        if let token { request += "Authorization: Bearer \(token)\r\n" }
        if let cookie { request += "Cookie: \(cookie)\r\n" }
        if let lastEventID { request += "Last-Event-ID: \(lastEventID)\r\n" }
        try socket.send(request + "\r\n")
    }

    /// Everything received so far (head included).
    var text: String { lock.withLock { received } }
    var closed: Bool { lock.withLock { isClosed } }

    /// Reads until `done` holds for what has arrived, the server closes, or `timeout` seconds pass.
    @discardableResult
    func read(until done: @Sendable (String) -> Bool, timeout: Double = 30) async -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while !done(text), !closed, deadline.timeIntervalSinceNow > 0 {
            let (more, closedNow) = await socket.read(timeout: min(0.2, max(0.01, deadline.timeIntervalSinceNow)))
            lock.withLock {
                received += more
                if closedNow { isClosed = true }
            }
        }
        return text
    }

    /// The chunks of the chunked body received so far (after the head), as text: one per write
    /// of the server's.
    var chunks: [String] {
        let raw = Array(text.utf8)
        let crlf: [UInt8] = [13, 10]
        func lineEnd(from index: Int) -> Int? {
            guard index + 1 < raw.count else { return nil }
            return (index..<(raw.count - 1)).first { raw[$0] == crlf[0] && raw[$0 + 1] == crlf[1] }
        }
        // The head ends at the first empty line.
        guard let head = (0..<max(0, raw.count - 3)).first(where: { Array(raw[$0..<($0 + 4)]) == crlf + crlf }) else { return [] }
        var chunks: [String] = []
        var index = head + 4
        while let end = lineEnd(from: index), let size = Int(String(decoding: raw[index..<end], as: UTF8.self), radix: 16), size > 0,
            end + 2 + size <= raw.count
        {
            chunks.append(String(decoding: raw[(end + 2)..<(end + 2 + size)], as: UTF8.self))
            index = end + 2 + size + 2
        }
        return chunks
    }

    /// The events received so far: their `id`, `event` and `data` fields.
    var events: [(id: String, event: String, data: String)] {
        // Swift reads "\r\n" as one character: make every line end a plain "\n" first.
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\n\n")
            .replacingOccurrences(of: "\r\n", with: "\n")
        return body.components(separatedBy: "\n\n").compactMap { block in
            var fields: [String: String] = [:]
            for line in block.split(separator: "\n") {
                // Chunk sizes of the chunked body stand on lines of their own, between the frames.
                guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { continue }
                fields[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            }
            guard let id = fields["id"], let event = fields["event"], let data = fields["data"] else { return nil }
            return (id, event, data)
        }
    }
}
