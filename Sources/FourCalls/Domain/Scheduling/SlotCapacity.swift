import Foundation

/// The booking rule of CONTRACT section 4: at no instant may more than `capacity`
/// appointments (their buffers included) be busy at once.
enum SlotCapacity {
    /// True when `candidate` can be added to `busy` (intervals of live appointments; any
    /// that do not overlap the candidate are ignored) without exceeding `capacity`.
    static func fits(_ candidate: Range<Date>, among busy: [Range<Date>], capacity: Int) -> Bool {
        let overlapping = busy.filter { $0.overlaps(candidate) }
        guard overlapping.count >= capacity else { return true }
        // Sweep the candidate's span: the most intervals busy at one instant inside it.
        var edges: [(Date, Int)] = []
        for interval in overlapping {
            edges.append((max(interval.lowerBound, candidate.lowerBound), 1))
            edges.append((min(interval.upperBound, candidate.upperBound), -1))
        }
        edges.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }  // ends before starts at one instant
        var current = 0
        var peak = 0
        for (_, delta) in edges {
            current += delta
            peak = max(peak, current)
        }
        return peak + 1 <= capacity
    }
}
