/// One kdbg command (`regs`, `break`, `x`, ...). Each lives in its own file
/// and is listed in `CommandTable`.
public protocol DebuggerCommand {
    /// The name and its aliases, preferred first (`["break", "b"]`).
    static var names: [String] { get }
    /// One line for `help`.
    static var summary: String { get }
    /// The usage and details for `help CMD`.
    static var usage: String { get }
    /// Runs with the text after the command name (and `/FMT` for `x`).
    static func run(_ arguments: CommandArguments, _ context: CommandContext) throws(DebuggerError) -> CommandResult
}

/// The text after a command's name.
public struct CommandArguments: Sendable {
    /// What followed a `/` right after the name (`x/16xg` → `16xg`).
    public var format: String?
    /// The rest of the line, trimmed.
    public var text: String
    public var words: [String] { text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }

    public init(format: String? = nil, text: String) {
        self.format = format
        self.text = text
    }
}

/// What a command works with.
public final class CommandContext {
    public let session: DebugSession
    /// Colors are on (a terminal, and NO_COLOR unset).
    public var color: Bool
    /// Progress bars and other live feedback go to stderr when it is a terminal.
    public var interactive: Bool
    public var terminalWidth: Int
    /// Where progress bars are drawn.
    public var progress: (String) -> Void = { _ in }
    /// Text shown at once, before a command that may block finishes
    /// ("Continuing."); not part of the command's result.
    public var notice: (String) -> Void = { _ in }

    public init(session: DebugSession, color: Bool = false, interactive: Bool = false, terminalWidth: Int = 80) {
        self.session = session
        self.color = color
        self.interactive = interactive
        self.terminalWidth = terminalWidth
    }

    public var image: KernelImage? { session.image }

    public func requireImage() throws(DebuggerError) -> KernelImage {
        guard let image = session.image else { throw .failed("no kernel image loaded (use --kernel FILE)") }
        return image
    }

    /// Evaluates an address expression against the live target.
    public func evaluate(_ text: String) throws(DebuggerError) -> UInt64 {
        try ExpressionEvaluator(context: SessionExpressionContext(session: session)).evaluate(text)
    }
}

/// Expressions see the session's registers, the image's symbols and memory.
struct SessionExpressionContext: ExpressionContext {
    let session: DebugSession

    func registerValue(_ name: String) throws(DebuggerError) -> UInt64 {
        let aliases = ["pc": "rip", "sp": "rsp", "fp": "rbp", "rflags": "eflags"]
        return try session.register(aliases[name] ?? name)
    }

    func symbolAddress(_ name: String) throws(DebuggerError) -> UInt64 {
        guard let image = session.image else { throw .failed("no kernel image: cannot look up \"\(name)\"") }
        return try SymbolMatcher(image.symbols).unique(name).address
    }

    func readQuad(at address: UInt64) throws(DebuggerError) -> UInt64 { try session.readQuad(address) }
}
