import Foundation

/// `bt [N] [full]`: frame-pointer backtrace with inlined frames and file:line.
enum BacktraceCommand: DebuggerCommand {
    static let names = ["bt", "backtrace", "where"]
    static let summary = "backtrace with inlined frames and file:line (bt full: registers per frame)"
    static let usage = """
        bt [N] [full]
          Walks the rbp chain from the current registers. Calls the compiler
          inlined are shown as their own frames ([inlined]), with the call site's
          line. `full` adds each frame's pc, frame pointer and stack pointer.
        """

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        var limit: Int?
        var full = false
        for w in arguments.words {
            if w == "full" || w == "-full" { full = true } else if let n = Int(w), n > 0 { limit = n } else {
                throw .usage("bt: unexpected \"\(w)\" (usage: bt [N] [full])")
            }
        }
        let machine = try Unwinder(session: context.session).frames()
        var r = CommandResult()
        var json: [JSONValue] = []
        var number = 0
        outer: for frame in machine {
            let sources = context.image?.sourceFrames(of: frame, startingAt: number)
                ?? [SourceFrame(number: number, machine: frame, function: "??", location: nil, isInlined: false)]
            for (i, s) in sources.enumerated() {
                if let limit, s.number >= limit {
                    r.line("(More stack frames follow...)")
                    break outer
                }
                let pcText = s.isInlined ? "[inlined]         " : hex16(frame.pc)
                var line = "#\(s.number)".padding(toLength: 4, withPad: " ", startingAt: 0) + pcText + " in " + s.function
                if let loc = s.location { line += " at \(SourcePaths.display(loc.file)):\(loc.line)" }
                r.line(line)
                if full && i == sources.count - 1 {
                    r.line("        pc \(hex16(frame.pc))  rbp \(hex16(frame.framePointer))  rsp \(hex16(frame.stackPointer))")
                }
                var entry: [(String, JSONValue)] = [
                    ("frame", .int(Int64(s.number))), ("pc", .address(frame.pc)), ("function", .string(s.function)),
                    ("inlined", .bool(s.isInlined)),
                ]
                if let loc = s.location {
                    entry += [("file", .string(SourcePaths.display(loc.file))), ("line", .int(Int64(loc.line)))]
                }
                if full { entry += [("rbp", .address(frame.framePointer)), ("rsp", .address(frame.stackPointer))] }
                json.append(.object(entry))
            }
            number += sources.count
        }
        r.data = [("frames", .array(json))]
        return r
    }
}
