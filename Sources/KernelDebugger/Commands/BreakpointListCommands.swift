import Foundation

/// `delete`, `disable`, `enable` [N...] and `info breakpoints`.
enum DeleteCommand: DebuggerCommand {
    static let names = ["delete", "d"]
    static let summary = "delete breakpoints/watchpoints (all without numbers)"
    static let usage = "delete [N...]\n  Deletes breakpoints or watchpoints N..., or all of them."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        let numbers = try BreakpointNumbers.parse(arguments, context)
        for n in numbers { try context.session.deleteBreakpoint(n) }
        var r = CommandResult()
        if arguments.words.isEmpty { r.line("Deleted \(numbers.count) breakpoint(s).") }
        r.data = [("deleted", .array(numbers.map { .int(Int64($0)) }))]
        return r
    }
}

enum DisableCommand: DebuggerCommand {
    static let names = ["disable"]
    static let summary = "disable breakpoints (they stay listed)"
    static let usage = "disable [N...]\n  Removes breakpoints N... (or all) from the target but keeps them listed."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        let numbers = try BreakpointNumbers.parse(arguments, context)
        for n in numbers { try context.session.setEnabled(n, false) }
        return CommandResult(data: [("disabled", .array(numbers.map { .int(Int64($0)) }))])
    }
}

enum EnableCommand: DebuggerCommand {
    static let names = ["enable"]
    static let summary = "enable breakpoints again"
    static let usage = "enable [N...]\n  Inserts breakpoints N... (or all) again."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        let numbers = try BreakpointNumbers.parse(arguments, context)
        for n in numbers { try context.session.setEnabled(n, true) }
        return CommandResult(data: [("enabled", .array(numbers.map { .int(Int64($0)) }))])
    }
}

enum BreakpointNumbers {
    static func parse(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> [Int] {
        if arguments.words.isEmpty { return context.session.breakpoints.map(\.number) }
        var numbers: [Int] = []
        for w in arguments.words {
            guard let n = Int(w), n > 0 else { throw .usage("\"\(w)\" is not a breakpoint number") }
            guard context.session.breakpoints.contains(where: { $0.number == n }) else { throw .usage("no breakpoint number \(n)") }
            numbers.append(n)
        }
        return numbers
    }

    /// gdb's `info breakpoints` table.
    static func list(_ context: CommandContext) -> CommandResult {
        var r = CommandResult()
        let all = context.session.breakpoints
        if all.isEmpty {
            r.line("No breakpoints or watchpoints.")
        } else {
            r.line("Num     Type            Disp Enb Address            What")
            for b in all {
                let num = String(b.number).padding(toLength: 8, withPad: " ", startingAt: 0)
                let type = b.typeName.padding(toLength: 16, withPad: " ", startingAt: 0)
                let disp = (b.temporary ? "del" : "keep").padding(toLength: 5, withPad: " ", startingAt: 0)
                r.line("\(num)\(type)\(disp)\(b.enabled ? "y" : "n")   \(hex16(b.address)) \(b.location)")
                if b.hits > 0 { r.line("\tbreakpoint already hit \(b.hits) time\(b.hits == 1 ? "" : "s")") }
            }
        }
        r.data = [("breakpoints", .array(all.map { b in
            .object([("number", .int(Int64(b.number))), ("type", .string(b.typeName)), ("address", .address(b.address)),
                     ("location", .string(b.location)), ("enabled", .bool(b.enabled)), ("temporary", .bool(b.temporary)),
                     ("hits", .int(Int64(b.hits)))])
        }))]
        return r
    }
}
