import Foundation

/// Prints command outcomes: text for people, or one JSON object per
/// command (`--json`) for scripts.
public struct OutputPrinter {
    public var json: Bool
    public var color: Bool

    public init(json: Bool, color: Bool) {
        self.json = json
        self.color = color
    }

    /// Prints the outcome of `line`; returns its exit status (0, 1 or 2).
    @discardableResult
    /// `seconds`: how long the command took, added to its JSON object.
    public func print(_ outcome: CommandInterpreter.Outcome, line: String, seconds: Double? = nil) -> Int32 {
        let timing: [(String, JSONValue)] = seconds.map { [("seconds", .double($0))] } ?? []
        switch outcome {
        case .empty, .quit:
            return 0
        case .result(let r):
            if json {
                let object = JSONValue.object([("command", .string(line)), ("ok", .bool(true)), ("output", .string(r.text))] + timing + r.data)
                write(object.serialized() + "\n", to: .standardOutput)
            } else {
                write(r.text, to: .standardOutput)
            }
            return 0
        case .failure(let e):
            if json {
                let object = JSONValue.object([("command", .string(line)), ("ok", .bool(false)), ("error", .string(e.description))] + timing)
                write(object.serialized() + "\n", to: .standardOutput)
            } else {
                let text = color ? "\u{1b}[31m\(e.description)\u{1b}[0m" : e.description
                write(text + "\n", to: .standardError)
            }
            return e.exitStatus
        }
    }

    func write(_ s: String, to file: FileHandle) {
        file.write(Data(s.utf8))
    }
}
