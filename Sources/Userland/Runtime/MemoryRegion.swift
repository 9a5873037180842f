import KeelABI

/// Memory that can be mapped into several tasks (shared memory).
public struct MemoryRegion {
    public let handle: Handle
    public init(_ handle: Handle) { self.handle = handle }

    /// `size` bytes (rounded up to pages), zeroed.
    public static func create(size: Int) throws(SyscallError) -> MemoryRegion {
        MemoryRegion(Handle(raw: UInt32(try Syscall.call(.memoryCreate, UInt64(size)))))
    }

    /// Maps the region into this task; returns where.
    public func map(writable: Bool) throws(SyscallError) -> UnsafeMutableRawPointer {
        let address = try Syscall.call(.memoryMap, UInt64(handle.raw), writable ? 1 : 0)
        return UnsafeMutableRawPointer(bitPattern: UInt(address))!
    }
}
