/// `monitor CMD` (raw qRcmd) and `log` (the kernel log ring).
enum MonitorCommand: DebuggerCommand {
    static let names = ["monitor", "mon"]
    static let summary = "send a monitor command to the stub (qRcmd): monitor help"
    static let usage = "monitor COMMAND\n  Runs COMMAND in the stub and prints its output. The Keel stub has: help, log, memmap, frames, ksyms ADDR."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        let output = try context.session.monitor(arguments.text)
        var r = CommandResult(text: output)
        if !output.isEmpty && !output.hasSuffix("\n") { r.text += "\n" }
        r.data = [("output", .string(output))]
        return r
    }
}

enum LogCommand: DebuggerCommand {
    static let names = ["log", "dmesg"]
    static let summary = "the kernel log (monitor log)"
    static let usage = "log [N]\n  Prints the kernel's log ring, or its last N lines."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        let output = try context.session.monitor("log")
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if let w = arguments.words.first {
            guard let n = Int(w), n > 0 else { throw .usage("log: \"\(w)\" is not a line count") }
            lines = Array(lines.suffix(n))
        }
        var r = CommandResult()
        for l in lines { r.line(l) }
        r.data = [("lines", .array(lines.map { .string($0) }))]
        return r
    }
}
