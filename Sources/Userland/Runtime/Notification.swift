import KeelABI

/// A notification: a word of bits that `signal` ORs in and `wait` takes
/// (blocking while it is zero).
public struct Notification {
    public let handle: Handle
    public init(_ handle: Handle) { self.handle = handle }

    public static func create() throws(SyscallError) -> Notification {
        Notification(Handle(raw: UInt32(try Syscall.call(.notificationCreate))))
    }

    public func signal(_ bits: UInt64 = 1) throws(SyscallError) {
        _ = try Syscall.call(.notificationSignal, UInt64(handle.raw), bits)
    }

    /// The bits signalled since the last wait (never 0).
    public func wait() throws(SyscallError) -> UInt64 {
        try Syscall.call(.notificationWait, UInt64(handle.raw))
    }
}
