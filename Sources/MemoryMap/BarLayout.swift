// How many columns each region and gap gets in the address bar.

/// How addresses map to columns.
public enum Scale: Sendable, Hashable {
    /// Columns proportional to bytes; tiny regions may get no column.
    case linear
    /// Every region gets at least one column, widths grow with the logarithm of the size,
    /// and large gaps become breaks labelled with their size.
    case compressed
    /// Linear when every region gets a column that way, compressed otherwise.
    case auto
}

/// One piece of the bar.
public enum BarPiece: Hashable, Sendable {
    /// A region, by its index in the regions given to the layout.
    case region(Int)
    /// Unmapped space drawn to scale.
    case gap(UInt64)
    /// Unmapped space too large to draw, shown as a break with its size.
    case gapBreak(UInt64)
}

public struct BarSegment: Hashable, Sendable {
    public var piece: BarPiece
    public var columns: Int
}

/// The bar's columns, piece by piece, from the lowest address to the highest.
public struct BarLayout: Sendable {
    /// `.linear` or `.compressed` (never `.auto`).
    public var scale: Scale
    public var segments: [BarSegment]
    public var width: Int { segments.reduce(0) { $0 + $1.columns } }

    /// Columns given to the region at `index`.
    public func columns(ofRegion index: Int) -> Int {
        segments.first { $0.piece == .region(index) }?.columns ?? 0
    }

    /// Lays out `regions` (sorted by start, as `mergeRegions` returns them) in `width` columns.
    /// Overlapping regions are drawn from the end of what precedes them.
    public init(regions: [Region], width: Int, scale: Scale) {
        let width = max(1, width)
        let pieces = BarLayout.pieces(regions)
        switch scale {
        case .linear:
            self.scale = .linear
            segments = BarLayout.linear(pieces, width: width)
        case .compressed:
            self.scale = .compressed
            segments = BarLayout.compressed(pieces, width: width)
        case .auto:
            let lin = BarLayout.linear(pieces, width: width)
            let visible = lin.allSatisfy { seg in
                if case .region = seg.piece { return seg.columns > 0 }
                return true
            }
            if visible {
                self.scale = .linear
                segments = lin
            } else {
                self.scale = .compressed
                segments = BarLayout.compressed(pieces, width: width)
            }
        }
    }

    /// Regions and the gaps between them, with the number of bytes each adds to the span.
    private static func pieces(_ regions: [Region]) -> [(piece: BarPiece, bytes: UInt64)] {
        var out: [(BarPiece, UInt64)] = []
        var cursor: UInt64? = nil
        for (i, r) in regions.enumerated() {
            let start = max(r.start, cursor ?? r.start)
            if let c = cursor, start > c { out.append((.gap(start - c), start - c)) }
            out.append((.region(i), r.end > start ? r.end - start : 0))
            cursor = max(cursor ?? r.end, r.end)
        }
        return out
    }

    private static func linear(_ pieces: [(piece: BarPiece, bytes: UInt64)], width: Int) -> [BarSegment] {
        let total = pieces.reduce(0.0) { $0 + Double($1.bytes) }
        let shares = pieces.map { total > 0 ? Double($0.bytes) / total * Double(width) : 0 }
        let cols = distribute(shares, minimums: Array(repeating: 0, count: pieces.count), total: total > 0 ? width : 0)
        return zip(pieces, cols).map { BarSegment(piece: $0.piece, columns: $1) }
    }

    private static func compressed(_ pieces: [(piece: BarPiece, bytes: UInt64)], width: Int) -> [BarSegment] {
        let mapped = pieces.reduce(UInt64(0)) { acc, p in
            if case .region = p.piece { return acc &+ p.bytes }
            return acc
        }
        let regionCount = pieces.filter { if case .region = $0.piece { return true } else { return false } }.count
        // A gap larger than everything mapped together becomes a break.
        let items: [(piece: BarPiece, bytes: UInt64)] = pieces.map { p in
            if case .gap(let g) = p.piece, g > mapped { return (.gapBreak(g), g) }
            return p
        }
        let breakIndices = items.indices.filter { if case .gapBreak = items[$0].piece { return true } else { return false } }
        // Break width: full label, else "┄┄", else "┄", whichever leaves a column per region.
        var breakWidth: [Int: Int] = [:]
        for i in breakIndices { breakWidth[i] = breakLabel(items[i].bytes).count }
        for fallback in [2, 1, 0] {
            let used = breakWidth.values.reduce(0, +)
            if used + regionCount <= width { break }
            for i in breakIndices { breakWidth[i] = min(breakWidth[i]!, fallback) }
        }
        let fixed = breakWidth.values.reduce(0, +)
        let available = max(0, width - fixed)
        // Everything else shares the rest by log2 of its size; regions first get one column.
        var shares: [Double] = []
        var minimums: [Int] = []
        var minBudget = available
        for item in items {
            switch item.piece {
            case .gapBreak:
                shares.append(0); minimums.append(0)
            case .region:
                shares.append(approxLog2(item.bytes) + 1)
                let m = minBudget > 0 ? 1 : 0
                minimums.append(m); minBudget -= m
            case .gap:
                shares.append((approxLog2(item.bytes) + 1) / 2)
                minimums.append(0)
            }
        }
        // Give small gaps a column too when there is room, so adjacent regions stay apart.
        for i in items.indices where minBudget > regionCount {
            if case .gap = items[i].piece { minimums[i] = 1; minBudget -= 1 }
        }
        let cols = distribute(shares, minimums: minimums, total: available)
        return items.indices.map { i in
            BarSegment(piece: items[i].piece, columns: breakWidth[i] ?? cols[i])
        }
    }

    /// Splits `total` columns: each item gets its minimum, the rest in proportion to `shares`
    /// (largest remainders first). Never more than `total` in all.
    static func distribute(_ shares: [Double], minimums: [Int], total: Int) -> [Int] {
        var cols = minimums
        let rest = total - minimums.reduce(0, +)
        guard rest > 0 else { return cols }
        let sum = shares.reduce(0, +)
        guard sum > 0 else { return cols }
        let exact = shares.map { $0 / sum * Double(rest) }
        var given = 0
        for i in cols.indices {
            let f = Int(exact[i])  // non-negative: truncation is floor
            cols[i] += f
            given += f
        }
        let order = cols.indices.sorted { a, b in
            let ra = exact[a] - Double(Int(exact[a])), rb = exact[b] - Double(Int(exact[b]))
            return ra != rb ? ra > rb : a < b
        }
        var k = 0
        while given < rest && k < order.count {
            if shares[order[k]] > 0 { cols[order[k]] += 1; given += 1 }
            k += 1
        }
        return cols
    }
}

/// The text of a break for a gap of `bytes`: "┄64T┄".
func breakLabel(_ bytes: UInt64) -> String {
    "┄" + compactSize(bytes) + "┄"
}

/// log2 without libm: the binary exponent plus a linear interpolation of the mantissa.
func approxLog2(_ value: UInt64) -> Double {
    let x = Double(max(value, 1))
    return Double(x.exponent) + (x.significand - 1)
}
