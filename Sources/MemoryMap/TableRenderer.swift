// The table of regions: start, end, human size, permissions, name.

/// One row per region, after a header; overlapping regions are marked with `!` and the issues
/// follow the table. Names are shortened in the middle with "…" to fit `options.width`.
public func renderTable(_ map: MergedMap, options: RenderOptions) -> [String] {
    let width = max(1, options.width)
    let regions = map.regions
    let c = options.color
    let styles = kindStyles(for: regions, color: c)
    let digits = max(8, regions.reduce(1) { max($0, hexDigitCount($1.start), hexDigitCount($1.end)) })
    let addrWidth = digits + 2
    let sizeWidth = 10
    let permWidth = 4

    // Every column before the name has a fixed width (the mark is one column, the fields are
    // padded), so the room left for the name is known without measuring each row.
    let fixedWidth = 1 + 1 + addrWidth + 2 + addrWidth + 2 + sizeWidth + 2 + permWidth + 2
    let room = width - fixedWidth

    func row(_ mark: String, _ start: String, _ end: String, _ size: String, _ perm: String,
             _ name: String) -> String {
        var line = mark
        line += " "; line += padRight(start, addrWidth)
        line += "  "; line += padRight(end, addrWidth)
        line += "  "; line += padLeft(size, sizeWidth)
        line += "  "; line += padRight(perm, permWidth)
        line += "  "
        guard room > 0 else { return clip(line, to: width) }
        // UTF-8 bytes are never fewer than columns: only long names need measuring.
        line += name.utf8.count <= room ? name : truncateMiddle(name, to: room)
        return line
    }

    // One painted glyph per kind, looked up per row (maps can have hundreds of thousands of rows).
    var marks: [String: String] = [:]
    for s in styles { marks[s.kind] = paint(String(s.glyph), s.color, enabled: c, depth: options.colorDepth) }
    let overlapMark = paint("!", TerminalColor(basic: 91, index256: 196), enabled: c, depth: options.colorDepth)
    var lines = [dim(row(" ", "START", "END", "SIZE", "PERM", "NAME"), enabled: c)]
    lines.reserveCapacity(regions.count + map.issues.count + 1)
    for (i, r) in regions.enumerated() {
        let mark = map.overlapping.contains(i) ? overlapMark : marks[r.kind]!
        lines.append(row(mark, hexAddress(r.start, digits: digits), hexAddress(r.end, digits: digits),
                         humanSize(r.size), r.permissions.description, printable(r.name)))
    }
    for issue in map.issues {
        let text = "! " + printable(issue.description)
        lines.append(clip(paint(text, TerminalColor(basic: 91, index256: 196), enabled: c,
                                depth: options.colorDepth), to: width))
    }
    return lines
}

/// Replaces control characters so a name cannot move the cursor or inject escapes.
func printable(_ text: String) -> String {
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return text }
    var out = ""
    for scalar in text.unicodeScalars {
        if scalar.value < 0x20 || scalar.value == 0x7F { out += "?" } else { out.unicodeScalars.append(scalar) }
    }
    return out
}
