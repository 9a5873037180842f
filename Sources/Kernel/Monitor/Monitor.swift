/// The kernel monitor on the console: a prompt with line editing, for
/// `make run`. A user-space shell replaces it in a later issue.
enum Monitor {
    static let prompt: StaticString = "keel> "
    static let maximumLineLength = 256

    static func run(_ info: StartInfo) -> Never {
        let w = TextWriter.console
        w.write("Keel monitor. Type 'help' for commands."); w.newline()
        while true {
            w.write(prompt)
            let line = readLine(w)
            MonitorCommands.execute(line, info: info, w)
        }
    }

    /// Reads one line with echo: printable ASCII is added, Backspace/DEL
    /// erases, Ctrl-U clears the line, Ctrl-C abandons it, escape sequences
    /// (arrow keys) are ignored, Enter ends it.
    static func readLine(_ w: TextWriter) -> String {
        var line: [UInt8] = []
        while true {
            let byte = ConsoleInput.readByte()
            switch byte {
            case 0x0D, 0x0A:
                w.newline()
                return String(decoding: line, as: UTF8.self)
            case 0x08, 0x7F:
                if !line.isEmpty { line.removeLast(); w.write("\u{8} \u{8}") }
            case 0x15:
                while !line.isEmpty { line.removeLast(); w.write("\u{8} \u{8}") }
            case 0x03:
                w.write("^C"); w.newline()
                return ""
            case 0x1B:
                skipEscapeSequence()
            case 0x20...0x7E:
                if line.count < maximumLineLength { line.append(byte); w.write(byte: byte) }
            default:
                break
            }
        }
    }

    /// ESC [ params final: drop it.
    private static func skipEscapeSequence() {
        guard ConsoleInput.readByte() == UInt8(ascii: "[") else { return }
        while true {
            let b = ConsoleInput.readByte()
            if b >= 0x40 && b <= 0x7E { return }
        }
    }
}
