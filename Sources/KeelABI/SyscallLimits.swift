/// Fixed limits of the ABI.
public enum SyscallLimits {
    /// Bytes in one channel message.
    public static let messageBytes = 256
    /// Handles carried by one channel message.
    public static let messageHandles = 4
    /// Handles in one task's table.
    public static let handlesPerTask = 64
    /// Handles given to a spawned task.
    public static let spawnHandles = 8
    /// Bytes of a spawned task's argument string.
    public static let argumentBytes = 256
    /// Scheduling priorities: 0 (lowest) to 3; programs start at 1.
    public static let priorities = 4
    public static let defaultPriority = 1
    /// Bytes of a program name (`spawn`).
    public static let programNameBytes = 64
    /// Bytes one `write` or `read` moves.
    public static let consoleTransferBytes = 4096
    /// Largest memory region (`memory_create`).
    public static let memoryRegionBytes: UInt64 = 16 << 20
}
