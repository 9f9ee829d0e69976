#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit. Every connection holds a descriptor; with the usual soft
/// limit of 1,024, about a thousand slow clients left no descriptor for anyone else, and
/// `accept` failed for `/health` too.
enum FileLimit {
    /// Descriptors kept for the database, the webhook client, logs and the like.
    static let reserve = 64

    /// Raises the soft limit to the hard one (allowed without privileges). Returns the soft
    /// limit in force afterwards, nil when it cannot be read.
    @discardableResult
    static func raiseToHardLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur == rlim_t.max ? Int.max : Int(clamping: limit.rlim_cur)
    }

    /// `configured`, lowered when the open-file limit could not hold that many connections.
    static func connectionCap(_ configured: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return configured }
        return max(1, min(configured, Int(clamping: limit.rlim_cur) - reserve))
    }
}
