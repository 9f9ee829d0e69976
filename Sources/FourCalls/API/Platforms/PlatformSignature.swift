import Crypto
import Foundation

/// The signatures voice platforms put on their webhooks, checked as their SDKs and docs do
/// (CONTRACT section 10), against the secret set on the agent.
enum PlatformSignature {
    /// Retell's `X-Retell-Signature: v={unix ms},d={hex}`: HMAC-SHA256 keyed with the Retell
    /// API key over the raw body followed by the timestamp; at most 5 minutes off.
    static func retell(_ header: String?, body: [UInt8], key: String, now: Date) -> Bool {
        guard let header, let (stamp, digest) = parts(header, time: "v", digest: "d"), let milliseconds = Int64(stamp) else { return false }
        guard abs(now.timeIntervalSince1970 * 1000 - Double(milliseconds)) <= 5 * 60 * 1000 else { return false }
        return matches(digest, key: key, message: body + Array(stamp.utf8))
    }

    /// ElevenLabs' `ElevenLabs-Signature: t={unix s},v0={hex}`: HMAC-SHA256 keyed with the
    /// webhook secret over `{t}.{raw body}`; at most 30 minutes old.
    static func elevenLabs(_ header: String?, body: [UInt8], secret: String, now: Date) -> Bool {
        guard let header, let (stamp, digest) = parts(header, time: "t", digest: "v0"), let seconds = Int64(stamp) else { return false }
        let age = now.timeIntervalSince1970 - Double(seconds)
        guard age <= 30 * 60, age >= -5 * 60 else { return false }
        return matches(digest, key: secret, message: Array("\(stamp).".utf8) + body)
    }

    /// The values of `time=` and `digest=` in a comma-separated header.
    private static func parts(_ header: String, time: String, digest: String) -> (String, String)? {
        var found: [String: String] = [:]
        for item in header.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { found[pair[0].trimmingCharacters(in: .whitespaces)] = pair[1].trimmingCharacters(in: .whitespaces) }
        }
        guard let stamp = found[time], let value = found[digest] else { return nil }
        return (stamp, value)
    }

    private static func matches(_ digest: String, key: String, message: [UInt8]) -> Bool {
        let expected = Hex.lowercase(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(key.utf8))))
        return TokenSecret.constantTimeEquals(expected, digest.lowercased())
    }
}
