/// `print EXPR`: the value of an address expression.
enum PrintCommand: DebuggerCommand {
    static let names = ["print", "p"]
    static let summary = "evaluate an expression: print $rsp + 8, print Kernel.kernelMain"
    static let usage = """
        print[/x] EXPRESSION
          Evaluates EXPRESSION (see `help x`) and prints it in hex and decimal,
          with the symbol it points into.
        """

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        guard !arguments.text.isEmpty else { throw .usage("usage: print EXPRESSION") }
        let v = try context.evaluate(arguments.text)
        var result = CommandResult()
        var line = "\(hex(v)) (\(Int64(bitPattern: v)))"
        if let s = context.image?.describe(v) { line += " <\(s)>" }
        result.line(line)
        result.data = [("value", .address(v)), ("decimal", .int(Int64(bitPattern: v)))]
        return result
    }
}
