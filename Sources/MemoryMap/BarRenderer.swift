// The address bar with its axis, and the legend with one proportional bar per kind.

/// Draws the bar of `map.regions`: a title, the bar itself and an axis with the first and last
/// address. Every line fits in `options.width` columns.
public func renderBar(_ map: MergedMap, options: RenderOptions) -> [String] {
    let regions = map.regions
    guard !regions.isEmpty else { return ["(no regions)"] }
    let width = max(1, options.width)
    let styles = kindStyles(for: regions, color: options.color)
    let layout = BarLayout(regions: regions, width: width, scale: options.scale)
    let c = options.color

    let first = regions.map(\.start).min()!
    let last = regions.map(\.end).max()!
    let mapped = regions.reduce(UInt64(0)) { $0 &+ $1.size }
    let scaleName = layout.scale == .linear ? "linear" : "compressed"
    let title = "\(hexAddress(first))–\(hexAddress(last)): \(regions.count) region"
        + (regions.count == 1 ? "" : "s") + ", \(humanSize(mapped)) mapped, \(scaleName) scale"

    var bar = ""
    for seg in layout.segments where seg.columns > 0 {
        switch seg.piece {
        case .region(let i):
            let style = styles.first { $0.kind == regions[i].kind }!
            let glyph = map.overlapping.contains(i) && !c ? "!" : style.glyph
            let fill = String(repeating: String(glyph), count: seg.columns)
            let color = map.overlapping.contains(i) ? TerminalColor(basic: 91, index256: 196) : style.color
            bar += paint(fill, color, enabled: c, depth: options.colorDepth)
        case .gap:
            bar += dim(String(repeating: "·", count: seg.columns), enabled: c)
        case .gapBreak(let bytes):
            bar += dim(fitBreak(bytes, seg.columns), enabled: c)
        }
    }

    var lines = [clip(title, to: width), clip(bar, to: width)]
    let left = hexAddress(first), right = hexAddress(last)
    if left.count + right.count + 1 <= width {
        lines.append(left + String(repeating: " ", count: width - left.count - right.count) + right)
    } else if left.count <= width {
        lines.append(left)
    }
    return lines
}

/// The break text in exactly `columns` columns: the label centred between dashes when it fits.
private func fitBreak(_ bytes: UInt64, _ columns: Int) -> String {
    let label = breakLabel(bytes)
    guard label.count <= columns else { return String(repeating: "┄", count: columns) }
    let extra = columns - label.count
    return String(repeating: "┄", count: extra / 2) + label + String(repeating: "┄", count: extra - extra / 2)
}

/// One line per kind: its glyph, name, total size, region count and a bar proportional to
/// its total size (the largest kind fills the bar; any non-empty kind gets a column).
public func renderLegend(_ map: MergedMap, options: RenderOptions) -> [String] {
    let regions = map.regions
    guard !regions.isEmpty else { return [] }
    let width = max(1, options.width)
    let styles = kindStyles(for: regions, color: options.color)
    let totals = styles.map { s in regions.filter { $0.kind == s.kind }.reduce(UInt64(0)) { $0 &+ $1.size } }
    let counts = styles.map { s in regions.filter { $0.kind == s.kind }.count }
    let largest = totals.max() ?? 0
    let nameWidth = min(20, styles.map { $0.kind.count }.max() ?? 0)

    var lines = [clip("Legend:", to: width)]
    for (i, s) in styles.enumerated() {
        let countText = counts[i] == 1 ? "1 region" : "\(counts[i]) regions"
        let head = paint(String(s.glyph), s.color, enabled: options.color, depth: options.colorDepth)
            + " " + padRight(truncate(printable(s.kind), to: nameWidth), nameWidth)
            + "  " + padLeft(humanSize(totals[i]), 10) + "  " + padRight(countText, 11)
        let room = width - visibleWidth(head) - 2
        var line = head
        if room >= 4 && largest > 0 {
            var cols = Int(Double(totals[i]) / Double(largest) * Double(room) + 0.5)
            if totals[i] > 0 { cols = max(1, cols) }
            line += "  " + paint(String(repeating: String(s.glyph), count: min(cols, room)),
                                 s.color, enabled: options.color, depth: options.colorDepth)
        }
        lines.append(clip(line, to: width))
    }
    return lines
}
