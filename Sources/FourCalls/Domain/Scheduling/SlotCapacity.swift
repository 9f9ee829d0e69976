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

    /// Busy intervals sorted by start, for many `fits` checks against one list (a day's or a
    /// fortnight's slots): each check looks only at the intervals that can reach its span.
    struct Index: Sendable {
        private let sorted: [Range<Date>]
        /// The longest interval: an interval starting this long before a span cannot reach it.
        private let longest: TimeInterval

        init(_ busy: [Range<Date>]) {
            // Usually read in order already (one pass to see it), else sorted here.
            let inOrder = zip(busy, busy.dropFirst()).allSatisfy { $0.lowerBound <= $1.lowerBound }
            sorted = inOrder ? busy : busy.sorted { $0.lowerBound < $1.lowerBound }
            longest = busy.map { $0.upperBound.timeIntervalSince($0.lowerBound) }.max() ?? 0
        }

        /// The intervals that overlap `span`.
        func overlapping(_ span: Range<Date>) -> [Range<Date>] {
            // The first interval that starts at or after the span's end: none from it on overlap.
            var low = 0
            var high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle].lowerBound < span.upperBound { low = middle + 1 } else { high = middle }
            }
            let earliest = span.lowerBound.addingTimeInterval(-longest)
            var found: [Range<Date>] = []
            var index = low - 1
            while index >= 0, sorted[index].lowerBound >= earliest {
                if sorted[index].overlaps(span) { found.append(sorted[index]) }
                index -= 1
            }
            return found
        }

        func fits(_ candidate: Range<Date>, capacity: Int) -> Bool {
            SlotCapacity.fits(candidate, among: overlapping(candidate), capacity: capacity)
        }
    }
}
