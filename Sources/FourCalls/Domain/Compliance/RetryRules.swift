import Foundation

/// A campaign's retries per outcome (CONTRACT section 12): `{"missed": {"max_attempts": 2,
/// "delay_minutes": 30}, "voicemail": ..., "failed": ...}`. An outcome without a rule keeps
/// section 5's rule: `missed` and `voicemail` retried after `retry_delay_minutes` until
/// `max_attempts`, `failed` final.
struct RetryRules: Sendable, Hashable, Encodable {
    struct Rule: Sendable, Hashable, Encodable {
        var maxAttempts: Int
        var delayMinutes: Int

        private enum CodingKeys: String, CodingKey {
            case maxAttempts = "max_attempts"
            case delayMinutes = "delay_minutes"
        }
    }

    /// The outcomes a rule may name.
    static let outcomes: [CallStatus] = [.missed, .voicemail, .failed]
    static let attempts = 1...10
    static let delayMinutes = 1...10_080

    var rules: [CallStatus: Rule] = [:]

    static let none = RetryRules()

    /// Whether a call whose latest attempt (its `attempts`-th) ended in `result` is tried
    /// again, and after how long.
    func retry(after result: CallStatus, attempts: Int, campaign: Campaign) -> TimeInterval? {
        if let rule = rules[result] {
            return attempts < rule.maxAttempts ? TimeInterval(rule.delayMinutes * 60) : nil
        }
        guard result == .missed || result == .voicemail, attempts < campaign.maxAttempts else { return nil }
        return TimeInterval(campaign.retryDelayMinutes * 60)
    }

    /// Parses the API shape; every problem is a message under `retry_rules`.
    static func parse(_ value: JSONValue) -> Result<RetryRules, FieldErrors> {
        var errors = FieldErrors()
        let field = "retry_rules"
        guard case .object(let object) = value else {
            errors.add(field, "The retry rules must be an object keyed by outcome (missed, voicemail, failed).")
            return .failure(errors)
        }
        var parsed = RetryRules()
        for key in object.keys.sorted() {
            guard let outcome = CallStatus(rawValue: key), outcomes.contains(outcome) else {
                errors.add(field, "Unknown outcome \"\(key)\": retry rules may name missed, voicemail and failed.")
                continue
            }
            guard case .object(let rule)? = object[key] else {
                errors.add(field, "The rule for \(key) must be an object with max_attempts and delay_minutes.")
                continue
            }
            guard case .int(let rawMaximum)? = rule["max_attempts"], case let maximum = Int(rawMaximum), attempts.contains(maximum) else {
                errors.add(field, "The \(key) rule's max_attempts must be an integer from 1 to 10.")
                continue
            }
            guard case .int(let rawDelay)? = rule["delay_minutes"], case let delay = Int(rawDelay), delayMinutes.contains(delay) else {
                errors.add(field, "The \(key) rule's delay_minutes must be an integer from 1 to 10080.")
                continue
            }
            if let extra = rule.keys.sorted().first(where: { $0 != "max_attempts" && $0 != "delay_minutes" }) {
                errors.add(field, "The \(key) rule has an unknown field \"\(extra)\" (max_attempts, delay_minutes).")
                continue
            }
            parsed.rules[outcome] = Rule(maxAttempts: maximum, delayMinutes: delay)
        }
        return errors.isEmpty ? .success(parsed) : .failure(errors)
    }

    /// Reads text stored by `jsonText()`; stored values were validated on the way in.
    static func stored(_ text: String) -> RetryRules {
        (try? parse(JSONValue.parse(text)).get()) ?? .none
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        for outcome in Self.outcomes {
            if let rule = rules[outcome] { try container.encode(rule, forKey: DynamicKey(outcome.rawValue)) }
        }
    }

    func jsonText() -> String {
        (try? String(decoding: JSONCoding.storageEncoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    private struct DynamicKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
