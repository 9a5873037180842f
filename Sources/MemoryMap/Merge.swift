// Sorting, merging of adjacent equal ranges, and detection of bad input.

/// Something wrong with the input; reported, never fatal.
public enum MapIssue: Hashable, Sendable, CustomStringConvertible {
    /// The second region starts before the first one ends.
    case overlap(Region, Region)
    /// `end <= start`: the region is dropped from the map.
    case invalidRange(Region)

    public var description: String {
        switch self {
        case .overlap(let a, let b):
            return "overlap: \(quoted(a)) overlaps \(quoted(b))"
        case .invalidRange(let r):
            return "invalid range: \(quoted(r)) ends at or before its start"
        }
    }

    private func quoted(_ r: Region) -> String {
        "\"\(r.name)\" [\(hexAddress(r.start)), \(hexAddress(r.end)))"
    }
}

/// The result of `mergeRegions`: regions sorted by start, adjacent equal ones merged.
public struct MergedMap: Sendable {
    public var regions: [Region]
    public var issues: [MapIssue]
    /// Indices into `regions` of regions that take part in an overlap.
    public var overlapping: Set<Int>

    public init(regions: [Region], issues: [MapIssue] = [], overlapping: Set<Int> = []) {
        self.regions = regions
        self.issues = issues
        self.overlapping = overlapping
    }
}

/// Sorts `input` by address, merges ranges that touch (`end == next.start`) and have the same
/// permissions, name and kind, and reports overlapping and inverted ranges.
/// Overlapping regions are kept (both of them) and marked in `overlapping`.
public func mergeRegions(_ input: [Region]) -> MergedMap {
    var issues: [MapIssue] = []
    var valid: [Region] = []
    valid.reserveCapacity(input.count)
    for r in input {
        if r.end <= r.start { issues.append(.invalidRange(r)) } else { valid.append(r) }
    }
    // Stable sort by (start, end) so equal input keeps its order.
    let sorted = valid.enumerated().sorted { a, b in
        if a.element.start != b.element.start { return a.element.start < b.element.start }
        if a.element.end != b.element.end { return a.element.end < b.element.end }
        return a.offset < b.offset
    }.map(\.element)

    var out: [Region] = []
    var overlapping: Set<Int> = []
    // Index in `out` of the region reaching furthest so far, to detect overlaps with any earlier one.
    var furthest = -1
    for r in sorted {
        if let lastIndex = out.indices.last {
            let last = out[lastIndex]
            if last.end == r.start && last.hasSameAttributes(as: r) && !overlapping.contains(lastIndex)
                && (furthest == lastIndex) {
                out[lastIndex].end = r.end
                continue
            }
            if furthest >= 0 && r.start < out[furthest].end {
                issues.append(.overlap(out[furthest], r))
                overlapping.insert(furthest)
                overlapping.insert(out.count)
            }
        }
        out.append(r)
        if furthest < 0 || r.end > out[furthest].end { furthest = out.count - 1 }
    }
    return MergedMap(regions: out, issues: issues, overlapping: overlapping)
}
