/// Why a kdbg command failed; the text is what the user reads.
public enum DebuggerError: Error, Equatable, CustomStringConvertible {
    /// Bad input to a command (exit status 2 on the command line).
    case usage(String)
    /// Connecting failed.
    case connection(String)
    /// The connection is gone or the stub stopped answering.
    case target(String)
    /// A command could not do what was asked (unmapped memory, unknown symbol).
    case failed(String)
    /// Ctrl-C cancelled the command.
    case cancelled(String)

    public var description: String {
        switch self {
        case .usage(let m), .connection(let m), .target(let m), .failed(let m), .cancelled(let m): return m
        }
    }

    /// The process exit status this error maps to.
    public var exitStatus: Int32 {
        if case .usage = self { return 2 }
        return 1
    }
}
