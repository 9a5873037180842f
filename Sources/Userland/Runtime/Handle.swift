import KeelABI

/// A handle: an index into the task's handle table, kept by the kernel
/// (docs/syscalls.md). Tasks start with the handles their parent passed, in
/// order: handle 0 is the console by convention.
public struct Handle: Equatable, Sendable {
    public let raw: UInt32
    public init(raw: UInt32) { self.raw = raw }

    /// The console every program is given first.
    public static let console = Handle(raw: 0)

    public func close() throws(SyscallError) {
        _ = try Syscall.call(.handleClose, UInt64(raw))
    }

    /// A second handle to the same object with at most `rights`.
    public func duplicate(rights: Rights) throws(SyscallError) -> Handle {
        Handle(raw: UInt32(try Syscall.call(.handleDuplicate, UInt64(raw), UInt64(rights.rawValue))))
    }

    /// The kind of object and the rights of this handle.
    public func info() throws(SyscallError) -> (kind: ObjectKind?, rights: Rights) {
        let value = try Syscall.call(.handleInfo, UInt64(raw))
        return (ObjectKind(rawValue: value & 0xFF), Rights(rawValue: UInt32(truncatingIfNeeded: value >> 32)))
    }
}
