import Foundation

/// `help [CMD]`.
enum HelpCommand: DebuggerCommand {
    static let names = ["help", "h", "?"]
    static let summary = "list commands, or explain one: help x"
    static let usage = "help [COMMAND]"

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        var r = CommandResult()
        if let name = arguments.words.first {
            guard let command = CommandTable.find(name) else { throw .usage("no command \"\(name)\"; try help") }
            r.line(command.usage)
            if command.names.count > 1 { r.line("Aliases: \(command.names.dropFirst().joined(separator: ", "))") }
            r.data = [("command", .string(command.names[0])), ("usage", .string(command.usage))]
            return r
        }
        r.line("kdbg commands (help COMMAND for details):")
        for c in CommandTable.all {
            r.line("  " + c.names[0].padding(toLength: 10, withPad: " ", startingAt: 0) + c.summary)
        }
        r.line("  " + "quit".padding(toLength: 10, withPad: " ", startingAt: 0) + "leave kdbg (Ctrl-D); the target is detached")
        r.data = [("commands", .array(CommandTable.all.map { .string($0.names[0]) }))]
        return r
    }
}
