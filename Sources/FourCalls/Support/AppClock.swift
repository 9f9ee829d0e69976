import Foundation
import NIOConcurrencyHelpers

/// Where the app reads the current time, so that tests can move it instead of sleeping.
public protocol AppClock: Sendable {
    func now() -> Date
}

public struct SystemClock: AppClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that tests set and advance by hand.
public final class ManualClock: AppClock {
    private let current: NIOLockedValueBox<Date>

    public init(_ start: Date) {
        current = NIOLockedValueBox(start)
    }

    public func now() -> Date { current.withLockedValue { $0 } }

    public func set(_ date: Date) { current.withLockedValue { $0 = date } }

    public func advance(by seconds: TimeInterval) { current.withLockedValue { $0 += seconds } }
}
