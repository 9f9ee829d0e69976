import Foundation
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// The SSRF guard of CONTRACT section 6: webhook URLs are `http` or `https` and may not
/// resolve to loopback, private, link-local (cloud metadata included), multicast or other
/// reserved addresses, unless private networks are explicitly allowed. Checked when an
/// endpoint is saved and again before every attempt, since DNS answers can change.
struct WebhookURLGuard: Sendable {
    let allowPrivateNetworks: Bool

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

    /// Throws a `Refusal` unless `text` may be delivered to.
    func check(_ text: String) async throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { throw Refusal.malformed }
        if allowPrivateNetworks { return }
        let addresses = try await Self.resolve(host)
        guard !addresses.isEmpty else { throw Refusal.unresolvable(host) }
        for address in addresses where Self.isForbidden(address) {
            throw Refusal.forbiddenAddress(address.description)
        }
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
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff {
                return isForbidden(.v4(Array(b[12..<16])))  // IPv4-mapped
            }
            if b[0..<15].allSatisfy({ $0 == 0 }) { return true }  // :: and ::1
            return (b[0] & 0xfe) == 0xfc  // unique local (fc00::/7, AWS metadata fd00:ec2::254 included)
                || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)  // link-local
                || b[0] == 0xff  // multicast
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)  // documentation
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)  // NAT64 of anything
        }
    }

    /// Every address `host` resolves to (getaddrinfo, off the event loops).
    static func resolve(_ host: String) async throws -> [Address] {
        let literal = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return try await NIOThreadPool.singleton.runIfActive {
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
