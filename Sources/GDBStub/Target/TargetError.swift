/// How a target operation failed, in the three tiers the session knows.
public enum TargetError: Error, Equatable, Sendable {
    /// The target does not do this: the packet gets the empty reply, which
    /// tells gdb to stop asking or fall back.
    case unsupported
    /// A recoverable failure: the packet gets `E NN`.
    case failed(RemoteErrorCode)
    /// The target cannot go on: the session ends.
    case fatal
}
