/// What a command produced: the text a person reads and the data `--json` prints.
public struct CommandResult: Sendable {
    public var text: String
    public var data: [(String, JSONValue)]

    public init(text: String = "", data: [(String, JSONValue)] = []) {
        self.text = text
        self.data = data
    }

    /// Appends a line of text.
    public mutating func line(_ s: String = "") {
        text += s + "\n"
    }
}
