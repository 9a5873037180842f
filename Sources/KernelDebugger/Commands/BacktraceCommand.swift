import Foundation

/// `bt [N] [full]`: backtrace (DWARF CFI, else frame pointers) with inlined
/// frames and file:line; `full` adds each frame's registers.
enum BacktraceCommand: DebuggerCommand {
    static let names = ["bt", "backtrace", "where"]
    static let summary = "backtrace with inlined frames and file:line (bt full: registers per frame)"
    static let usage = """
        bt [N] [full]
          Unwinds from the current registers with the kernel's DWARF call frame
          information (.eh_frame/.debug_frame) where an FDE covers the pc, and the
          rbp chain elsewhere. Calls the compiler inlined are shown as their own
          frames ([inlined]), with the call site's line. `full` adds each frame's
          registers as the unwinder recovered them (rip, rsp, rbp and the
          callee-saved rbx, r12-r15; <not saved> when no rule recovers one), how
          the frame was found, its CFA and where it saved its caller's registers.
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
                if full && i == sources.count - 1 { registerLines(frame).forEach { r.line($0) } }
                var entry: [(String, JSONValue)] = [
                    ("frame", .int(Int64(s.number))), ("pc", .address(frame.pc)), ("function", .string(s.function)),
                    ("inlined", .bool(s.isInlined)),
                ]
                if let loc = s.location {
                    entry += [("file", .string(SourcePaths.display(loc.file))), ("line", .int(Int64(loc.line)))]
                }
                if full && i == sources.count - 1 { entry += registerJSON(frame) }
                json.append(.object(entry))
            }
            number += sources.count
        }
        r.data = [("frames", .array(json))]
        return r
    }

    static func value(_ frame: MachineFrame, _ name: String) -> String {
        frame.registers[name].map(hex16) ?? "<not saved>"
    }

    /// The lines under a machine frame: rip/rsp/rbp, the callee-saved
    /// registers, how the frame was found (and its CFA), then where it saved
    /// its caller's registers (gdb's `info frame` "Saved registers").
    static func registerLines(_ frame: MachineFrame) -> [String] {
        let first = ["rip", "rsp", "rbp"].map { "\($0) \(value(frame, $0))" }.joined(separator: "  ")
        let second = ["rbx", "r12", "r13", "r14", "r15"].map { "\($0) \(value(frame, $0))" }.joined(separator: "  ")
        var how = frame.method == .registers ? "the target's registers" : "unwound by \(frame.method.rawValue)"
        if let cfa = frame.canonicalFrameAddress { how += ", cfa \(hex(cfa))" }
        var lines = ["        " + first, "        " + second, "        " + how]
        let saved = MachineFrame.shownRegisters.compactMap { name in frame.savedRegisters[name].map { "\(name) at \(hex($0))" } }
        if !saved.isEmpty { lines.append("        saved: " + saved.joined(separator: ", ")) }
        return lines
    }

    static func registerJSON(_ frame: MachineFrame) -> [(String, JSONValue)] {
        var entry: [(String, JSONValue)] = [
            ("registers", .object(MachineFrame.shownRegisters.map { ($0, frame.registers[$0].map(JSONValue.address) ?? .null) })),
            ("unwound", .string(frame.method.rawValue)),
        ]
        if let cfa = frame.canonicalFrameAddress { entry.append(("cfa", .address(cfa))) }
        entry.append(("saved", .object(MachineFrame.shownRegisters.compactMap { name in
            frame.savedRegisters[name].map { (name, JSONValue.address($0)) } })))
        return entry
    }
}
