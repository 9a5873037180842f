/// Errors a system call returns in `rax` as a negative number
/// (docs/syscalls.md). Success is any value >= 0.
public enum SyscallError: Int64, Error, CaseIterable, Sendable {
    /// No system call has this number.
    case badSyscall = -1
    /// The handle is not in the caller's table (never was, closed, or stale).
    case badHandle = -2
    /// The handle lacks a right the call needs.
    case accessDenied = -3
    /// The handle refers to the wrong kind of object.
    case wrongObject = -4
    /// An argument is out of range (sizes, counts, flags).
    case invalidArgument = -5
    /// The kernel ran out of frames, heap or table slots.
    case noMemory = -6
    /// The other end of a channel is closed.
    case peerClosed = -7
    /// No program or task by that name or id.
    case notFound = -8
    /// A buffer is too small for what would be returned.
    case bufferTooSmall = -9
    /// The caller's handle table is full.
    case tableFull = -10

    public var name: StaticString {
        switch self {
        case .badSyscall: return "bad syscall number"
        case .badHandle: return "bad handle"
        case .accessDenied: return "access denied (missing right)"
        case .wrongObject: return "wrong object type"
        case .invalidArgument: return "invalid argument"
        case .noMemory: return "out of memory"
        case .peerClosed: return "peer closed"
        case .notFound: return "not found"
        case .bufferTooSmall: return "buffer too small"
        case .tableFull: return "handle table full"
        }
    }
}
