/// `break LOCATION` and `tbreak LOCATION`.
enum BreakCommand: DebuggerCommand {
    static let names = ["break", "b", "br"]
    static let summary = "set a breakpoint: break kernelMain | break Timer.swift:20 | break *0x1000"
    static let usage = """
        break [LOCATION]
          LOCATION: a function (Swift names match fuzzily: `Selftests.run`,
          `kernelMain`, `Kernel.Timer.tick()`; quote names with spaces), FILE:LINE,
          or *EXPRESSION for an exact address. Without LOCATION: the current pc.
          A function breakpoint goes after the prologue, as in gdb.
        """

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        try set(arguments, context, temporary: false)
    }

    static func set(_ arguments: CommandArguments, _ context: CommandContext, temporary: Bool) throws(DebuggerError) -> CommandResult {
        let resolved: LocationResolver.Resolved
        if arguments.text.isEmpty {
            let pc = try context.session.pc
            resolved = .init(address: pc, description: hex(pc))
        } else {
            resolved = try LocationResolver(context: context).resolve(arguments.text)
        }
        let b = try context.session.addBreakpoint(.software, address: resolved.address, location: resolved.description,
                                                  temporary: temporary, isFunction: resolved.isFunction)
        var result = CommandResult()
        var line = "\(temporary ? "Temporary breakpoint" : "Breakpoint") \(b.number) at \(hex(b.address))"
        if let image = context.image {
            let frames = image.sourceFrames(of: MachineFrame(pc: b.address, framePointer: 0, stackPointer: 0, isCaller: false), startingAt: 0)
            if let f = resolved.isFunction ? frames.last : frames.first {
                line += ": \(f.function)"
                if let loc = f.location { line += " (\(SourcePaths.display(loc.file)):\(loc.line))" }
            }
        }
        result.line(line + ".")
        if resolved.otherAddresses > 0 {
            result.line("(the line has \(resolved.otherAddresses) more location(s), e.g. inlined copies; this one is the lowest address)")
        }
        result.data = [("breakpoint", .int(Int64(b.number))), ("address", .address(b.address)),
                       ("location", .string(b.location)), ("temporary", .bool(temporary))]
        return result
    }
}

enum TemporaryBreakCommand: DebuggerCommand {
    static let names = ["tbreak", "tb"]
    static let summary = "set a breakpoint that is deleted when hit"
    static let usage = "tbreak [LOCATION]\n  Like break, but the breakpoint is deleted the first time it stops the target."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        try BreakCommand.set(arguments, context, temporary: true)
    }
}
