/// `continue`, `stepi`, `step`, `next`, `finish`: run the target and report
/// where it stopped.
enum ContinueCommand: DebuggerCommand {
    static let names = ["continue", "c", "cont"]
    static let summary = "resume until a breakpoint, a fault or Ctrl-C"
    static let usage = "continue\n  Resumes the target; Ctrl-C stops it (the 0x03 interrupt byte)."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        try context.session.requireStopped()
        context.notice("Continuing.\n")
        let reason = try context.session.continueExecution()
        return StopReport.describe(reason, context)
    }
}

enum StepInstructionCommand: DebuggerCommand {
    static let names = ["stepi", "si"]
    static let summary = "execute one instruction (stepi N: N instructions)"
    static let usage = "stepi [N]\n  Single-steps N (default 1) instructions, interrupts masked by the stub."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        let count = try RepeatCount.parse(arguments)
        var reason = try context.session.stepInstruction()
        for _ in 1..<count {
            guard case .stopped = context.session.state else { break }
            if InterruptFlag.consume() { break }
            reason = try context.session.stepInstruction()
        }
        return StopReport.describe(reason, context)
    }
}

enum StepCommand: DebuggerCommand {
    static let names = ["step", "s"]
    static let summary = "run to the next source line, entering calls"
    static let usage = "step [N]\n  Single-steps until a different source line (DWARF line table) starts; enters calls that have line information."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        try SourceStepper.run(arguments, context, over: false)
    }
}

enum NextCommand: DebuggerCommand {
    static let names = ["next", "n"]
    static let summary = "run to the next source line, stepping over calls"
    static let usage = "next [N]\n  Like step, but a call runs to its return (a temporary breakpoint at the return address)."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        try SourceStepper.run(arguments, context, over: true)
    }
}

extension SourceStepper {
    /// `step [N]` / `next [N]`: N source-line steps, then where it stopped.
    static func run(_ arguments: CommandArguments, _ context: CommandContext, over: Bool)
        throws(DebuggerError) -> CommandResult
    {
        let count = try RepeatCount.parse(arguments)
        let stepper = SourceStepper(session: context.session)
        var reason = try stepper.step(over: over)
        for _ in 1..<count { reason = try stepper.step(over: over) }
        return StopReport.describe(reason, context)
    }
}

enum FinishCommand: DebuggerCommand {
    static let names = ["finish", "fin"]
    static let summary = "run until the current function returns; print rax"
    static let usage = "finish\n  Runs to the return address of frame #0 (at the same stack depth) and prints the value in rax."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        var r = CommandResult()
        let here = StopReport.location(context)
        if let first = here.text.split(separator: "\n").first { r.line("Run till exit from #0  \(first)") }
        let (reason, value) = try SourceStepper(session: context.session).finish()
        let stop = StopReport.describe(reason, context)
        r.text += stop.text
        r.data = stop.data
        if let value {
            r.line("Value returned: rax = \(hex(value)) (\(Int64(bitPattern: value)))")
            r.data.append(("returned", .address(value)))
        }
        return r
    }
}

enum RepeatCount {
    static func parse(_ arguments: CommandArguments) throws(DebuggerError) -> Int {
        guard let word = arguments.words.first else { return 1 }
        guard let n = Int(word), n > 0, n <= 1_000_000 else { throw .usage("\"\(word)\" is not a repeat count (1 to 1000000)") }
        return n
    }
}
