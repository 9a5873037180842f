// The table of regions: start, end, human size, permissions, name.

/// One row per region, after a header; overlapping regions are marked with `!` and the issues
/// follow the table. Names are shortened with "…" to fit `options.width`.
public func renderTable(_ map: MergedMap, options: RenderOptions) -> [String] {
    let width = max(1, options.width)
    let regions = map.regions
    let c = options.color
    let styles = kindStyles(for: regions, color: c)
    let digits = max(8, regions.reduce(1) { max($0, hexDigitCount($1.start), hexDigitCount($1.end)) })
    let addrWidth = digits + 2
    let sizeWidth = 10
    let permWidth = 4

    func row(_ mark: String, _ start: String, _ end: String, _ size: String, _ perm: String,
             _ name: String) -> String {
        let fixed = mark + " " + padRight(start, addrWidth) + "  " + padRight(end, addrWidth) + "  "
            + padLeft(size, sizeWidth) + "  " + padRight(perm, permWidth) + "  "
        let room = width - visibleWidth(fixed)
        return clip(fixed + truncate(name, to: max(0, room)), to: width)
    }

    var lines = [dim(row(" ", "START", "END", "SIZE", "PERM", "NAME"), enabled: c)]
    for (i, r) in regions.enumerated() {
        let mark: String
        if map.overlapping.contains(i) {
            mark = paint("!", TerminalColor(basic: 91, index256: 196), enabled: c, depth: options.colorDepth)
        } else {
            let s = styles.first { $0.kind == r.kind }!
            mark = paint(String(s.glyph), s.color, enabled: c, depth: options.colorDepth)
        }
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
    var out = ""
    for scalar in text.unicodeScalars {
        if scalar.value < 0x20 || scalar.value == 0x7F { out += "?" } else { out.unicodeScalars.append(scalar) }
    }
    return out
}
