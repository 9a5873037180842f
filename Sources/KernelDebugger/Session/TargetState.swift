import GDBStub

/// Where the debugged target stands, from kdbg's side.
public enum TargetState: Equatable, Sendable {
    /// Stopped: registers and memory can be read.
    case stopped(StopReason)
    /// The target ended (`W`/`X` stop reply).
    case exited(String)
    /// The connection is gone (QEMU exited, the socket closed).
    case disconnected(String)
}
