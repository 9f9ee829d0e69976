import Crypto
import Foundation

/// The signatures of a webhook request (CONTRACT section 6).
enum WebhookSignature {
    /// `X-4Calls-Signature`: lowercase hex HMAC-SHA256 of the body, keyed with the secret's
    /// UTF-8 bytes (what the guide's `verifyWebhook` computes).
    static func hex(body: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Hex.lowercase(mac)
    }

    /// Standard Webhooks `webhook-signature`: `v1,` + base64 HMAC-SHA256 of
    /// `{id}.{timestamp}.{body}`. A `whsec_` secret is keyed with its base64-decoded bytes
    /// (as Standard Webhooks libraries do); any other secret with its UTF-8 bytes.
    static func standard(id: String, timestamp: Int, body: String, secret: String) -> String {
        let content = "\(id).\(timestamp).\(body)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(content.utf8), using: SymmetricKey(data: standardKey(secret)))
        return "v1," + Data(mac).base64EncodedString()
    }

    static func standardKey(_ secret: String) -> Data {
        if secret.hasPrefix("whsec_"), let decoded = Data(base64Encoded: String(secret.dropFirst(6))) { return decoded }
        return Data(secret.utf8)
    }

    /// A new secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes.
    static func generateSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return "whsec_" + Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }
}

/// When a failed delivery is tried again (CONTRACT section 6): 5 s, 5 min, 30 min, 2 h,
/// 5 h, 10 h, 10 h, each with up to ±10% jitter; `Retry-After` is honoured when longer.
enum RetrySchedule {
    static let delays: [TimeInterval] = [5, 300, 1800, 7200, 18000, 36000, 36000]

    /// Attempts a delivery gets in all: the first and one per delay.
    static var maxAttempts: Int { delays.count + 1 }

    /// The delay after the `attempts`-th failed attempt, or nil when there is no retry left.
    static func delay(afterAttempt attempts: Int, retryAfter: TimeInterval?, jitter: Double) -> TimeInterval? {
        guard attempts >= 1, attempts <= delays.count else { return nil }
        let base = delays[attempts - 1] * (1 + max(-0.1, min(0.1, jitter)))
        return max(base, min(retryAfter ?? 0, 36000))
    }

    /// `Retry-After` as seconds (delta form) or an HTTP date.
    static func parseRetryAfter(_ value: String?, now: Date) -> TimeInterval? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = TimeInterval(value), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSince(now)) }
    }
}
