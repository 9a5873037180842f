import CReadline
import Foundation

/// The REPL's input: GNU readline with a history file, Tab completion from
/// `CompletionCandidates`, Ctrl-C discarding the line and Ctrl-D ending input.
public final class LineEditor {
    /// readline calls C functions without a context pointer, so the one
    /// active editor's completion source lives here.
    nonisolated(unsafe) static var candidates: CompletionCandidates?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var matchIndex = 0
    nonisolated(unsafe) static var interrupted = false

    public let historyPath: String?
    public let prompt: String

    public init(prompt: String, historyPath: String?, candidates: CompletionCandidates) {
        self.prompt = prompt
        self.historyPath = historyPath
        LineEditor.candidates = candidates
        // Our SIGINT handler runs instead of readline's; the hook turns the
        // interrupted read into an empty line.
        kdbg_readline_configure(strdup("kdbg"), strdup(" \t\n\"'`@><=;|&{(,+-/"), { text, start, _ in
            kdbg_readline_no_default_completion()
            let word = text.map { String(cString: $0) } ?? ""
            let line = kdbg_readline_line_buffer().map { String(cString: $0) } ?? ""
            let before = String(decoding: line.utf8.prefix(Int(start)), as: UTF8.self)
            LineEditor.matches = LineEditor.candidates?.complete(word, lineBefore: before) ?? []
            LineEditor.matchIndex = 0
            return rl_completion_matches(text) { _, state in
                if state == 0 { LineEditor.matchIndex = 0 }
                guard LineEditor.matchIndex < LineEditor.matches.count else { return nil }
                defer { LineEditor.matchIndex += 1 }
                return strdup(LineEditor.matches[LineEditor.matchIndex])
            }
        }, { stream -> Int32 in
            // Waits for a key in short slices so that Ctrl-C (a flag set by
            // the SIGINT handler) ends the line at once: the line is cleared
            // and accepted, so readline returns "".
            let fd = stream.map { fileno($0) } ?? 0
            while true {
                if InterruptFlag.consume() {
                    LineEditor.interrupted = true
                    rl_replace_line("", 0)
                    FileHandle.standardOutput.write(Data("^C".utf8))
                    return 10
                }
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&pfd, 1, 100)
                if ready < 0 && errno == EINTR { continue }
                if ready <= 0 { continue }
                var byte: UInt8 = 0
                let n = read(fd, &byte, 1)
                if n == 1 { return Int32(byte) }
                if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                return EOF
            }
        })
        using_history()
        if let historyPath { read_history(historyPath) }
    }

    /// The next line; nil at end of input (Ctrl-D). An interrupted line is "".
    public func readLine() -> (line: String, interrupted: Bool)? {
        LineEditor.interrupted = false
        InterruptFlag.clear()
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            add_history(raw)
            if let historyPath {
                if append_history(1, historyPath) != 0 { write_history(historyPath) }
                history_truncate_file(historyPath, 1000)
            }
        }
        return (line, LineEditor.interrupted)
    }

    /// The default history file: $KDBG_HISTORY, else ~/.kdbg_history.
    public static var defaultHistoryPath: String? {
        let env = ProcessInfo.processInfo.environment
        if let path = env["KDBG_HISTORY"] { return path.isEmpty ? nil : path }
        return env["HOME"].map { $0 + "/.kdbg_history" }
    }
}
