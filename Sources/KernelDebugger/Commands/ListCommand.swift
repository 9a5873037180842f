import Foundation

/// `list [LOCATION]`: the source around an address or line.
enum ListCommand: DebuggerCommand {
    static let names = ["list", "l"]
    static let summary = "source lines around the pc, a function, FILE:LINE or *ADDR"
    static let usage = "list [LOCATION]\n  Prints ten source lines around LOCATION (default: the current pc), marking its line with =>."

    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult {
        let image = try context.requireImage()
        let address: UInt64
        if arguments.text.isEmpty {
            address = try context.session.pc
        } else {
            address = try LocationResolver(context: context).resolve(arguments.text, skipPrologue: false).address
        }
        guard let loc = image.location(of: address) else {
            throw .failed("no line information for \(hex(address))")
        }
        guard let lines = SourcePaths.sourceLines(loc.file) else {
            throw .failed("\(SourcePaths.display(loc.file)):\(loc.line): the source file is not readable here")
        }
        let first = max(1, loc.line - 5)
        let last = min(lines.count, first + 9)
        var r = CommandResult()
        var json: [JSONValue] = []
        if first <= last {
            for n in first...last {
                r.line("\(n == loc.line ? "=>" : "  ") \(String(n).padding(toLength: 5, withPad: " ", startingAt: 0))\(lines[n - 1])")
                json.append(.string(lines[n - 1]))
            }
        }
        r.data = [("file", .string(SourcePaths.display(loc.file))), ("line", .int(Int64(loc.line))),
                  ("first", .int(Int64(first))), ("lines", .array(json))]
        return r
    }
}
