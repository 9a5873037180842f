// Colors and glyphs of region kinds, shared by the bar, the legend and the table.

/// How one kind of region is drawn.
public struct KindStyle: Hashable, Sendable {
    public var kind: String
    public var color: TerminalColor
    /// Fill character of the bar: a solid block when color is on, a distinct pattern otherwise.
    public var glyph: Character
}

private let palette: [TerminalColor] = [
    TerminalColor(basic: 31, index256: 203),  // red
    TerminalColor(basic: 32, index256: 114),  // green
    TerminalColor(basic: 33, index256: 221),  // yellow
    TerminalColor(basic: 34, index256: 75),   // blue
    TerminalColor(basic: 35, index256: 177),  // magenta
    TerminalColor(basic: 36, index256: 80),   // cyan
    TerminalColor(basic: 91, index256: 209),  // orange-ish
    TerminalColor(basic: 92, index256: 156),
    TerminalColor(basic: 94, index256: 111),
    TerminalColor(basic: 95, index256: 213),
]

private let plainGlyphs: [Character] = ["█", "▓", "▒", "░", "#", "=", "%", "+", "*", "@", "&", "$"]

/// Preferred palette slot for well-known kinds, so "heap" is always the same color.
private func preferredSlot(_ kind: String) -> Int? {
    let k = kind.lowercased()
    if k.contains("text") || k.contains("code") { return 0 }
    if k.contains("heap") { return 1 }
    if k.contains("stack") { return 2 }
    if k.contains("ram") || k.contains("memory") { return 3 }
    if k.contains("mmio") || k.contains("device") { return 4 }
    if k.contains("data") || k.contains("bss") { return 5 }
    return nil
}

/// Assigns a style to every kind, in order of first appearance in `regions`.
/// Well-known kinds get their own color; the rest take the free colors in turn.
public func kindStyles(for regions: [Region], color: Bool) -> [KindStyle] {
    var kinds: [String] = []
    for r in regions where !kinds.contains(r.kind) { kinds.append(r.kind) }
    var used: Set<Int> = []
    var slots: [Int?] = kinds.map { k in
        guard let s = preferredSlot(k), !used.contains(s) else { return nil }
        used.insert(s)
        return s
    }
    var next = 0
    for i in slots.indices where slots[i] == nil {
        while used.contains(next % palette.count) && used.count < palette.count { next += 1 }
        slots[i] = next % palette.count
        used.insert(next % palette.count)
        next += 1
    }
    return kinds.enumerated().map { i, kind in
        KindStyle(kind: kind, color: palette[slots[i]!],
                  glyph: color ? "█" : plainGlyphs[i % plainGlyphs.count])
    }
}
