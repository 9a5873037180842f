import Foundation

/// Reads one command line, finds its command and runs it.
public struct CommandInterpreter {
    public let context: CommandContext

    public init(context: CommandContext) { self.context = context }

    /// The outcome of one line.
    public enum Outcome {
        case result(CommandResult)
        case failure(DebuggerError)
        case quit
        case empty
    }

    /// Splits `x/16xg $rsp` into `x`, `16xg` and `$rsp`.
    public static func split(_ line: String) -> (name: String, format: String?, rest: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        var nameEnd = trimmed.endIndex
        if let i = trimmed.firstIndex(where: { $0 == " " || $0 == "/" }) { nameEnd = i }
        let name = String(trimmed[..<nameEnd])
        var rest = trimmed[nameEnd...]
        var format: String?
        if rest.hasPrefix("/") {
            let f = rest.dropFirst().prefix { $0 != " " }
            format = String(f)
            rest = rest.dropFirst(1 + f.count)
        }
        return (name, format, rest.trimmingCharacters(in: .whitespaces))
    }

    public func execute(_ line: String) -> Outcome {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return .empty }
        let (name, format, rest) = Self.split(trimmed)
        if ["quit", "q", "exit"].contains(name) { return .quit }
        guard let command = CommandTable.find(name) else {
            return .failure(.usage("undefined command: \"\(name)\". Try \"help\"."))
        }
        if format != nil && command != ExamineCommand.self && command != PrintCommand.self {
            return .failure(.usage("\(name) takes no /FORMAT"))
        }
        do {
            return .result(try command.run(CommandArguments(format: format, text: rest), context))
        } catch {
            return .failure(error)
        }
    }
}
