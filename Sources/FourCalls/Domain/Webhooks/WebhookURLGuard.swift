import Foundation
import NIOConcurrencyHelpers
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// The SSRF guard of CONTRACT section 6: webhook URLs are `http` or `https` and may not
/// resolve to loopback, private, link-local (cloud metadata included), multicast or other
/// reserved addresses (nor IPv6 forms that embed one), unless private networks are
/// explicitly allowed. Checked when an endpoint is saved, and before every attempt, where
/// the name is resolved once and the attempt connects to the address checked
/// (`target(for:)`): a name that answers differently the second time (DNS rebinding) gets
/// no second look.
struct WebhookURLGuard: Sendable {
    let allowPrivateNetworks: Bool
    /// Resolves a host name (tests give a stub; see `systemResolve`).
    var resolve: @Sendable (String) async throws -> [Address] = WebhookURLGuard.systemResolve

    /// Where an attempt goes: the URL, and the checked address to connect to in place of its
    /// host name (nil when the host is an address already).
    struct Target: Sendable {
        let url: String
        let host: String
        let pinnedAddress: String?
    }

    enum Refusal: Error, CustomStringConvertible {
        case malformed
        case unresolvable(String)
        case forbiddenAddress(String)

        var description: String {
            switch self {
            case .malformed: "The url must be an absolute http or https URL."
            case .unresolvable(let host): "The host \(host) could not be resolved."
            case .forbiddenAddress(let address):
                "The url resolves to \(address), a loopback, private, link-local or reserved address, which webhooks may not target."
            }
        }
    }

    /// Throws a `Refusal` unless `text` may be delivered to (when an endpoint is saved).
    func check(_ text: String) async throws {
        let host = try Self.host(of: text)
        if allowPrivateNetworks { return }
        _ = try await checkedAddresses(host)
    }

    /// Resolves the URL's host once, checks every address, and names the one to connect to.
    func target(for text: String) async throws -> Target {
        let host = try Self.host(of: text)
        let literal = Self.unbracketed(host)
        if Self.parseLiteral(literal) != nil {
            _ = try await checkedAddresses(host)
            return Target(url: text, host: host, pinnedAddress: nil)
        }
        let addresses = try await checkedAddresses(host)
        guard let first = addresses.first else { throw Refusal.unresolvable(host) }
        return Target(url: text, host: host, pinnedAddress: first.description)
    }

    private func checkedAddresses(_ host: String) async throws -> [Address] {
        let literal = Self.unbracketed(host)
        let addresses: [Address]
        if let address = Self.parseLiteral(literal) { addresses = [address] } else { addresses = try await resolve(literal) }
        guard !addresses.isEmpty else { throw Refusal.unresolvable(host) }
        if !allowPrivateNetworks {
            for address in addresses where Self.isForbidden(address) {
                throw Refusal.forbiddenAddress(address.description)
            }
        }
        return addresses
    }

    private static func host(of text: String) throws -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { throw Refusal.malformed }
        return host
    }

    private static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// An IPv4 or IPv6 address written as text, or nil for a name.
    static func parseLiteral(_ text: String) -> Address? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return .v4(withUnsafeBytes(of: &v4) { Array($0) }) }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return .v6(withUnsafeBytes(of: &v6) { Array($0) }) }
        return nil
    }

    enum Address: CustomStringConvertible, Equatable {
        case v4([UInt8])
        case v6([UInt8])

        var description: String {
            switch self {
            case .v4(let bytes): bytes.map(String.init).joined(separator: ".")
            case .v6(let bytes):
                stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
            }
        }
    }

    /// Addresses no webhook may reach.
    static func isForbidden(_ address: Address) -> Bool {
        switch address {
        case .v4(let b):
            return b[0] == 0 || b[0] == 10 || b[0] == 127  // this network, private, loopback
                || (b[0] == 100 && (64...127).contains(b[1]))  // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)  // link-local, cloud metadata
                || (b[0] == 172 && (16...31).contains(b[1])) || (b[0] == 192 && b[1] == 168)  // private
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)  // IETF protocol assignments
                || (b[0] == 198 && (18...19).contains(b[1]))  // benchmarking
                || b[0] >= 224  // multicast, reserved, broadcast
        case .v6(let b):
            let embedded = Array(b[12..<16])
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff {
                return isForbidden(.v4(embedded))  // IPv4-mapped ::ffff:a.b.c.d
            }
            if b[0..<15].allSatisfy({ $0 == 0 }) { return true }  // :: and ::1
            if b[0..<12].allSatisfy({ $0 == 0 }) { return isForbidden(.v4(embedded)) }  // IPv4-compatible ::a.b.c.d
            if b[0..<8].allSatisfy({ $0 == 0 }) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0 {
                return isForbidden(.v4(embedded))  // IPv4-translated ::ffff:0:a.b.c.d
            }
            if b[0] == 0x20 && b[1] == 0x02 { return isForbidden(.v4(Array(b[2..<6]))) }  // 6to4 2002:a.b.c.d::/48
            return (b[0] & 0xfe) == 0xfc  // unique local (fc00::/7, AWS metadata fd00:ec2::254 included)
                || (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)  // site-local fec0::/10 (deprecated, still routed by some)
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)  // Teredo 2001::/32 (an IPv4 inside)
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0 && b[5] == 1)  // local-use NAT64
                || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)  // link-local
                || b[0] == 0xff  // multicast
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)  // documentation
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)  // NAT64 of anything
        }
    }

    /// Threads of their own for `getaddrinfo`, so that a slow resolver holds up webhook
    /// attempts only, never the shared pool's file and database work.
    private static let resolverThreads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    /// How long a lookup may take before the attempt fails.
    static let resolveTimeout: Duration = .seconds(5)

    /// Every address `host` resolves to (getaddrinfo on `resolverThreads`, at most
    /// `resolveTimeout`).
    @Sendable static func systemResolve(_ host: String) async throws -> [Address] {
        // A blocked getaddrinfo cannot be cancelled: the attempt stops waiting for it after
        // the timeout, and its thread finishes on its own.
        try await withCheckedThrowingContinuation { continuation in
            let pending = NIOLockedValueBox<CheckedContinuation<[Address], any Error>?>(continuation)
            @Sendable func finish(_ result: Result<[Address], any Error>) {
                pending.withLockedValue { waiting in
                    waiting?.resume(with: result)
                    waiting = nil
                }
            }
            Task {
                do { finish(.success(try await lookUp(host))) } catch { finish(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: resolveTimeout)
                finish(.failure(Refusal.unresolvable(host)))
            }
        }
    }

    private static func lookUp(_ literal: String) async throws -> [Address] {
        try await resolverThreads.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(literal, nil, &hints, &result) == 0, let first = result else { return [] }
            defer { freeaddrinfo(first) }
            var addresses: [Address] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let info = cursor {
                if info.pointee.ai_family == AF_INET, let raw = info.pointee.ai_addr {
                    raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        var address = pointer.pointee.sin_addr
                        addresses.append(.v4(withUnsafeBytes(of: &address) { Array($0) }))
                    }
                } else if info.pointee.ai_family == AF_INET6, let raw = info.pointee.ai_addr {
                    raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        var address = pointer.pointee.sin6_addr
                        addresses.append(.v6(withUnsafeBytes(of: &address) { Array($0) }))
                    }
                }
                cursor = info.pointee.ai_next
            }
            return addresses
        }
    }
}
