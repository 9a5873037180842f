import GDBStub

/// `watch EXPRESSION [LEN] [write|access]`: a hardware watchpoint.
enum WatchCommand: DebuggerCommand {
    static let names = ["watch"]
    static let summary = "hardware watchpoint: watch ADDR [LEN] [write|access]"
    static let usage = """
        watch EXPRESSION [LEN] [write|access]
          Stops the target when it writes (default) or reads-or-writes the LEN
          bytes (1, 2, 4 or 8; default 8) at EXPRESSION. x86 has no read-only
          watchpoints. Example: watch 'Kernel.Timer.ticks' 8
        """

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        var words = arguments.words
        guard !words.isEmpty else { throw .usage("usage: watch EXPRESSION [LEN] [write|access]") }
        var kind = WatchKind.write
        if let last = words.last, ["write", "access", "read", "rw"].contains(last) {
            switch last {
            case "access", "rw": kind = .access
            case "read": kind = .read
            default: kind = .write
            }
            words.removeLast()
        }
        var length: UInt64 = 8
        if words.count >= 2, let n = UInt64(words.last!) {
            guard [1, 2, 4, 8].contains(n) else { throw .usage("watch: LEN must be 1, 2, 4 or 8 (got \(n))") }
            length = n
            words.removeLast()
        }
        let expression = words.joined(separator: " ")
        let address = try context.evaluate(expression)
        guard address % length == 0 else {
            throw .usage("watch: \(hex(address)) is not aligned to \(length) bytes (x86 debug registers need it)")
        }
        let b: Breakpoint
        do {
            b = try context.session.addBreakpoint(.watch(kind, length: length), address: address, location: expression)
        } catch {
            if case .failed(let m) = error, m.contains("does not support") {
                throw .failed("the stub has no \(kind == .read ? "read " : "")watchpoints of this kind (\(m))")
            }
            throw error
        }
        var r = CommandResult()
        r.line("\(b.typeName.capitalizedFirst) \(b.number): \(expression) (\(length) bytes at \(hex(address)))")
        r.data = [("breakpoint", .int(Int64(b.number))), ("address", .address(address)), ("length", .int(Int64(length)))]
        return r
    }
}
