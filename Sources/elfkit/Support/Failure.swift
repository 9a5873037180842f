// Error reporting shared by every subcommand: one line on stderr,
// "elfkit: INPUT: what is wrong", then exit status 1.

import ElfKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Failure {
    /// Prints `elfkit: FILE: MESSAGE` on stderr and exits 1 (the input could not be processed).
    static func exit(file: String, _ message: String) -> Never {
        report(file: file, message)
        Glibc.exit(1)
    }

    static func report(file: String, _ message: String) {
        var line = Style.stderr.bold("elfkit:") + " " + file + ": " + message + "\n"
        line.withUTF8 { p in
            var offset = 0
            while offset < p.count {
                let n = write(2, p.baseAddress! + offset, p.count - offset)
                if n <= 0 { if n < 0 && errno == EINTR { continue }; break }
                offset += n
            }
        }
    }

    /// The message for a file the ELF reader rejected, with the structure,
    /// field and offset the error names.
    static func describe(_ error: ElfError) -> String {
        if case .badMagic = error { return "not an ELF file (bad magic number)" }
        return "malformed ELF file: \(error)"
    }
}

/// Terminal styling: only when the stream is a terminal, NO_COLOR is unset
/// or empty (https://no-color.org) and --no-color was not given.
struct Style {
    let enabled: Bool

    static var stderr: Style { Style(enabled: allowed(fd: 2, noColorFlag: false)) }

    static func allowed(fd: Int32, noColorFlag: Bool) -> Bool {
        guard !noColorFlag, isatty(fd) != 0 else { return false }
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        return true
    }

    func bold(_ s: String) -> String { enabled ? "\u{1b}[1m" + s + "\u{1b}[0m" : s }

    /// Writes the escape that starts bold text, if styling is on.
    func beginBold(_ out: Output) { if enabled { out.text("\u{1b}[1m") } }
    func end(_ out: Output) { if enabled { out.text("\u{1b}[0m") } }
}
