import Foundation

/// `threads` and `thread N`.
enum ThreadsCommand: DebuggerCommand {
    static let names = ["threads"]
    static let summary = "the target's threads (the kernel's execution contexts), * marks the current one"
    static let usage = "threads\n  Lists thread ids and their descriptions (qfThreadInfo, qThreadExtraInfo)."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        let threads = try context.session.threads()
        let current = context.session.currentThread ?? threads.first?.id
        var r = CommandResult()
        r.line("  Id   Description")
        for t in threads {
            r.line("\(t.id == current ? "*" : " ") \(String(t.id).padding(toLength: 4, withPad: " ", startingAt: 0)) \(t.info)")
        }
        r.data = [("threads", .array(threads.map { .object([("id", .uint($0.id)), ("info", .string($0.info)),
                                                              ("current", .bool($0.id == current))]) }))]
        return r
    }
}

enum ThreadCommand: DebuggerCommand {
    static let names = ["thread"]
    static let summary = "select thread N for registers and memory"
    static let usage = "thread [N]\n  Selects thread N (Hg); without N, shows the current thread."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        var r = CommandResult()
        guard let word = arguments.words.first else {
            let id = context.session.currentThread ?? 1
            r.line("[Current thread is \(id)]")
            r.data = [("thread", .uint(id))]
            return r
        }
        guard let id = UInt64(word), id > 0 else { throw .usage("\"\(word)\" is not a thread id") }
        let known = try context.session.threads()
        guard known.contains(where: { $0.id == id }) else {
            throw .usage("no thread \(id) (threads: \(known.map { String($0.id) }.joined(separator: ", ")))")
        }
        try context.session.selectThread(id)
        r.line("[Switching to thread \(id)]")
        let here = StopReport.location(context)
        r.text += here.text
        r.data = [("thread", .uint(id))] + here.data
        return r
    }
}
