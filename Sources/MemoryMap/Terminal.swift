// ANSI escape sequences and measuring text as it appears on a terminal.

let escape: Character = "\u{1B}"
let ansiReset = "\u{1B}[0m"

/// Which color escapes to emit when color is on.
public enum ColorDepth: Sendable, Hashable {
    /// The 16 basic colors (SGR 30–37, 90–97).
    case basic
    /// The xterm 256-color palette (SGR 38;5;N).
    case ansi256
}

/// A foreground color, given for both depths.
public struct TerminalColor: Hashable, Sendable {
    /// SGR code for the basic palette (30–37 or 90–97).
    public var basic: Int
    /// Index into the 256-color palette.
    public var index256: Int

    public init(basic: Int, index256: Int) {
        self.basic = basic
        self.index256 = index256
    }

    func sgr(_ depth: ColorDepth) -> String {
        switch depth {
        case .basic: return "\u{1B}[\(basic)m"
        case .ansi256: return "\u{1B}[38;5;\(index256)m"
        }
    }
}

/// Wraps `text` in a color when `enabled`; returns it unchanged otherwise.
func paint(_ text: String, _ color: TerminalColor?, enabled: Bool, depth: ColorDepth) -> String {
    guard enabled, let color, !text.isEmpty else { return text }
    return color.sgr(depth) + text + ansiReset
}

/// Faint text (gaps, headers) when `enabled`.
func dim(_ text: String, enabled: Bool) -> String {
    guard enabled, !text.isEmpty else { return text }
    return "\u{1B}[2m" + text + ansiReset
}

/// Removes CSI escape sequences (`ESC [ … final byte`).
public func stripANSI(_ text: String) -> String {
    // Most text has no escapes at all (always without color): nothing to copy.
    if !text.utf8.contains(0x1B) { return text }
    var out = ""
    var inEscape = false
    var sawBracket = false
    for scalar in text.unicodeScalars {
        if inEscape {
            if !sawBracket {
                sawBracket = true
                if scalar == "[" { continue }
                inEscape = false  // lone ESC followed by something else: drop only the ESC
            } else {
                if (0x40...0x7E).contains(scalar.value) { inEscape = false }
                continue
            }
        }
        if scalar == "\u{1B}" { inEscape = true; sawBracket = false; continue }
        out.unicodeScalars.append(scalar)
    }
    return out
}

/// Number of visible columns, ANSI sequences excluded (one column per Unicode scalar).
public func visibleWidth(_ text: String) -> Int {
    // Without escapes, count Unicode scalars straight from the UTF-8 (bytes that do not
    // continue a sequence): what a terminal advances for the box glyphs and text used here.
    func count(_ bytes: UnsafeBufferPointer<UInt8>) -> (scalars: Int, escape: Bool) {
        var scalars = 0
        var escape = false
        for byte in bytes {
            scalars &+= byte & 0xC0 != 0x80 ? 1 : 0
            escape = escape || byte == 0x1B
        }
        return (scalars, escape)
    }
    var text = text
    let (scalars, escape) = text.withUTF8(count)
    if !escape { return scalars }
    return stripANSI(text).unicodeScalars.count
}

/// Cuts `line` to at most `width` visible columns, keeping escape sequences intact and
/// closing any open color.
func clip(_ line: String, to width: Int) -> String {
    if visibleWidth(line) <= width { return line }
    var out = ""
    var visible = 0
    var inEscape = false
    var hadEscape = false
    for ch in line {
        if inEscape {
            out.append(ch)
            if let a = ch.asciiValue, (0x40...0x7E).contains(a), ch != "[" { inEscape = false }
            continue
        }
        if ch == escape { inEscape = true; hadEscape = true; out.append(ch); continue }
        if visible >= width { break }
        out.append(ch)
        visible += 1
    }
    return hadEscape ? out + ansiReset : out
}

/// Shortens `text` to `width` columns with a trailing ellipsis.
func truncate(_ text: String, to width: Int) -> String {
    if width <= 0 { return "" }
    if text.count <= width { return text }
    if width == 1 { return "…" }
    return String(text.prefix(width - 1)) + "…"
}

/// Shortens `text` to `width` columns with an ellipsis in the middle: region
/// names are mostly paths, whose end (the file) says the most.
func truncateMiddle(_ text: String, to width: Int) -> String {
    if width <= 0 { return "" }
    if text.count <= width { return text }
    if width < 5 { return truncate(text, to: width) }
    let head = (width - 1) / 3
    return String(text.prefix(head)) + "…" + String(text.suffix(width - 1 - head))
}

func padRight(_ text: String, _ width: Int) -> String {
    let n = visibleWidth(text)
    return n >= width ? text : text + String(repeating: " ", count: width - n)
}

func padLeft(_ text: String, _ width: Int) -> String {
    let n = visibleWidth(text)
    return n >= width ? text : String(repeating: " ", count: width - n) + text
}
