import Foundation

/// `dump memory FILE START END`: target memory to a file, written atomically.
enum DumpCommand: DebuggerCommand {
    static let names = ["dump"]
    static let summary = "dump memory FILE START END: memory to a file (progress bar, atomic write, Ctrl-C cancels)"
    static let usage = """
        dump memory FILE START END
          Reads [START, END) (expressions) and writes the bytes to FILE. The file
          appears only when every byte was read (written to FILE.kdbg-tmp, then
          renamed). On a terminal a progress bar shows bytes/s; Ctrl-C cancels
          and leaves no file.
        """

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        var words = arguments.words
        guard words.first == "memory" || words.first == "binary" else { throw .usage("usage: dump memory FILE START END") }
        words.removeFirst()
        if words.first == "memory" { words.removeFirst() }   // gdb's `dump binary memory`
        guard words.count == 3 else { throw .usage("usage: dump memory FILE START END") }
        let path = words[0]
        let start = try context.evaluate(words[1])
        let end = try context.evaluate(words[2])
        guard end > start else { throw .usage("dump: END (\(hex(end))) must be above START (\(hex(start)))") }
        guard end - start <= 1 << 32 else { throw .usage("dump: \(end - start) bytes is more than 4 GiB") }
        let total = Int(end - start)
        let temporary = path + ".kdbg-tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw .failed("\(path): cannot create the file (\(String(cString: strerror(errno))))")
        }
        var done = 0
        var bar = ProgressBar(total: total)
        let began = monotonicSeconds()
        let chunk = 64 * 1024
        do throws(DebuggerError) {
            while done < total {
                if InterruptFlag.consume() { throw .cancelled("dump cancelled after \(done) of \(total) bytes; \(path) not written") }
                let n = min(chunk, total - done)
                let bytes: [UInt8]
                do {
                    bytes = try context.session.readMemory(at: start &+ UInt64(done), count: n)
                } catch {
                    if case .cancelled = error { throw .cancelled("dump cancelled after \(done) of \(total) bytes; \(path) not written") }
                    throw error
                }
                handle.write(Data(bytes))
                done += n
                if context.interactive, let text = bar.update(done) { context.progress(text) }
            }
            try? handle.synchronize()
            try? handle.close()
            guard rename(temporary, path) == 0 else {
                throw .failed("\(path): cannot rename \(temporary) (\(String(cString: strerror(errno))))")
            }
        } catch {
            try? handle.close()
            unlink(temporary)
            if context.interactive { context.progress("\r\u{1b}[K") }
            throw error
        }
        let seconds = monotonicSeconds() - began
        if context.interactive, let text = bar.update(done, force: true) { context.progress(text + "\n") }
        var r = CommandResult()
        let rate = seconds > 0 ? Double(total) / seconds : 0
        r.line("Wrote \(total) bytes (\(hex(start))-\(hex(end))) to \(path) in \(String(format: "%.2f", seconds)) s, \(ProgressBar.byteCount(Int(rate)))/s.")
        r.data = [("file", .string(path)), ("start", .address(start)), ("end", .address(end)), ("bytes", .int(Int64(total))),
                  ("transferSeconds", .double(seconds)), ("bytesPerSecond", .double(rate))]
        return r
    }
}
