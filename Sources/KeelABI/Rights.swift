/// What a handle allows (docs/syscalls.md). A handle's rights only shrink:
/// `handle_duplicate` and transfers keep a subset.
public struct Rights: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Receive from a channel, read the console, read system information, wait on a notification or task.
    public static let read = Rights(rawValue: 1 << 0)
    /// Send on a channel, write the console, signal a notification.
    public static let write = Rights(rawValue: 1 << 1)
    /// Pass the handle on: duplicate it, send it over a channel, give it to a spawned task.
    public static let grant = Rights(rawValue: 1 << 2)
    /// Map a memory region into the caller's address space.
    public static let map = Rights(rawValue: 1 << 3)
    /// Kill a task; on the system object, open any task by id.
    public static let manage = Rights(rawValue: 1 << 4)

    public static let all = Rights(rawValue: 0x1F)
}
