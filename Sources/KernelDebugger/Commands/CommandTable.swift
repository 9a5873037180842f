/// Every command, in the order `help` lists them.
public enum CommandTable {
    nonisolated(unsafe) public static let all: [any DebuggerCommand.Type] = [
        RegistersCommand.self, ExamineCommand.self, PrintCommand.self, BreakCommand.self, TemporaryBreakCommand.self,
        DeleteCommand.self, DisableCommand.self, EnableCommand.self, WatchCommand.self, ContinueCommand.self,
        StepInstructionCommand.self, StepCommand.self, NextCommand.self, FinishCommand.self, BacktraceCommand.self,
        DisassembleCommand.self, InfoCommand.self, ListCommand.self, ThreadsCommand.self, ThreadCommand.self,
        PageTableCommand.self, MemoryMapCommand.self, LogCommand.self, MonitorCommand.self, DumpCommand.self,
        DetachCommand.self, KillCommand.self, HelpCommand.self,
    ]

    /// The command called `name` (or an alias, or a unique prefix).
    public static func find(_ name: String) -> (any DebuggerCommand.Type)? {
        if let exact = all.first(where: { $0.names.contains(name) }) { return exact }
        let prefixed = all.filter { $0.names[0].hasPrefix(name) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Every name and alias, for completion.
    public static var allNames: [String] {
        var names = ["quit"]
        for command in all { names += command.names }
        return names
    }
}
