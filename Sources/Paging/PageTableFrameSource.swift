/// Hands out zeroed, 4 KiB-aligned physical frames for new page tables.
/// (The mapper zeroes each new table again through `PageTableMemory`, so a
/// source that cannot cheaply zero is still safe.)
public protocol PageTableFrameSource {
    /// A frame's physical address, or nil when none is left.
    mutating func allocateTableFrame() -> UInt64?
}
