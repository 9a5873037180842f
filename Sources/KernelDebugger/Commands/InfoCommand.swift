/// `info symbol ADDR`, `info breakpoints`, `info registers`, `info threads`, `info line`.
enum InfoCommand: DebuggerCommand {
    static let names = ["info", "i"]
    static let summary = "info symbol ADDR | info breakpoints | info registers | info threads | info line ADDR"
    static let usage = """
        info symbol EXPRESSION   the symbol (and offset) an address is in, with its section
        info line EXPRESSION     the source line of an address (inlined calls included)
        info breakpoints         the breakpoint and watchpoint table
        info registers [NAME...] same as regs
        info threads             same as threads
        """

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        var words = arguments.words
        guard !words.isEmpty else { throw .usage(usage) }
        let sub = words.removeFirst()
        let rest = CommandArguments(text: words.joined(separator: " "))
        switch sub {
        case "symbol", "sym": return try symbol(rest, context)
        case "line": return try line(rest, context)
        case "breakpoints", "break", "b", "watchpoints": return BreakpointNumbers.list(context)
        case "registers", "reg", "r", "all-registers": return try RegistersCommand.run(rest, context)
        case "threads", "thread": return try ThreadsCommand.run(rest, context)
        default: throw .usage("info: unknown subcommand \"\(sub)\" (symbol, line, breakpoints, registers, threads)")
        }
    }

    static func symbol(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        guard !arguments.text.isEmpty else { throw .usage("usage: info symbol EXPRESSION") }
        let image = try context.requireImage()
        let address = try context.evaluate(arguments.text)
        var r = CommandResult()
        guard let symbol = image.symbol(containing: address) else {
            r.line("No symbol matches \(arguments.text).")
            r.data = [("address", .address(address)), ("symbol", .null)]
            return r
        }
        let offset = address - symbol.address
        let section = image.section(containing: address)?.name ?? "?"
        r.line("\(offset == 0 ? symbol.name : "\(symbol.name) + \(offset)") in section \(section)")
        r.data = [("address", .address(address)), ("symbol", .string(symbol.name)), ("mangled", .string(symbol.mangledName)),
                  ("offset", .int(Int64(offset))), ("section", .string(section))]
        return r
    }

    static func line(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        let image = try context.requireImage()
        let address = arguments.text.isEmpty ? try context.session.pc : try context.evaluate(arguments.text)
        let frames = image.sourceFrames(of: MachineFrame(pc: address, framePointer: 0, stackPointer: 0, isCaller: false), startingAt: 0)
        var r = CommandResult()
        var json: [JSONValue] = []
        for f in frames {
            let loc = f.location.map { "\(SourcePaths.display($0.file)):\($0.line)" } ?? "??"
            r.line("\(f.isInlined ? "  inlined in " : "")\(f.function) at \(loc)")
            json.append(.object([("function", .string(f.function)), ("location", .string(loc)), ("inlined", .bool(f.isInlined))]))
        }
        r.data = [("address", .address(address)), ("frames", .array(json))]
        return r
    }
}
