// What the tools ask about the terminal before they render: whether to color and how wide.
// Kept apart from the renderer, which never looks at the environment itself.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum TerminalEnvironment {
    /// Colors only on a terminal, never with `--no-color` or a non-empty NO_COLOR (no-color.org).
    public static func colorAllowed(fd: Int32 = 1, noColorFlag: Bool) -> Bool {
        guard !noColorFlag, isatty(fd) != 0 else { return false }
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        return true
    }

    /// The width to render for: `requested` if given, else the terminal's columns when `fd` is a
    /// terminal, else COLUMNS, else `fallback` (so piped output does not depend on the terminal).
    public static func width(requested: Int?, fd: Int32 = 1, fallback: Int = 100) -> Int {
        if let requested { return max(20, requested) }
        if isatty(fd) != 0 {
            var size = winsize()
            if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
        }
        if let text = getenv("COLUMNS"), let n = Int(String(cString: text)), n >= 20 { return n }
        return fallback
    }
}
