/// `detach` and `kill`.
enum DetachCommand: DebuggerCommand {
    static let names = ["detach"]
    static let summary = "detach: remove breakpoints and let the target run on"
    static let usage = "detach\n  Removes kdbg's breakpoints and detaches (D); the kernel continues."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        try context.session.detach()
        return CommandResult(text: "Detached.\n", data: [("detached", .bool(true))])
    }
}

enum KillCommand: DebuggerCommand {
    static let names = ["kill", "k"]
    static let summary = "kill the target (the Keel kernel powers off)"
    static let usage = "kill\n  Sends k; the Keel stub powers the machine off with a failure status."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        try context.session.kill()
        return CommandResult(text: "Killed.\n", data: [("killed", .bool(true))])
    }
}
