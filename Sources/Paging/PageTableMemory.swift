/// Where page tables live and how code reaches them. The kernel maps
/// physical memory at a known offset (or identity); tests and host tools
/// use a buffer, or memory read from a live target.
public protocol PageTableMemory {
    /// The table (512 eight-byte entries) at physical address
    /// `physicalAddress`, which is 4 KiB aligned.
    func table(at physicalAddress: UInt64) -> UnsafeMutablePointer<UInt64>
}

/// Page tables reached through a direct map: physical address P is
/// readable at virtual address P + `offset` (0 for an identity map).
public struct DirectMappedTableMemory: PageTableMemory, Sendable {
    public var offset: UInt64

    public init(offset: UInt64 = 0) { self.offset = offset }

    /// Traps if P + `offset` is 0 (the null pointer).
    @inline(__always)
    public func table(at physicalAddress: UInt64) -> UnsafeMutablePointer<UInt64> {
        UnsafeMutablePointer(bitPattern: UInt(truncatingIfNeeded: physicalAddress &+ offset))!
    }
}
