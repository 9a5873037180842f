/// A snapshot of the heap's counters.
///
/// Byte counts are usable payload sizes, i.e. requests rounded up to the
/// block granule (what `usableSize(of:)` reports), not the sizes asked for.
/// So `capacity == bytesInUse + bytesFree + tag and table overhead`, which
/// `verify()` checks.
public struct HeapStatistics: Equatable, Sendable {
    /// Bytes of the managed region, tags and free-list table included.
    public var capacity: Int
    /// Payload bytes of live allocations (rounded, see above).
    public var bytesInUse: Int
    /// Payload bytes that free blocks could hand out (their size minus tags).
    public var bytesFree: Int
    public var liveAllocations: Int
    public var totalAllocations: Int
    public var totalFrees: Int
    public var peakBytesInUse: Int
    /// Free blocks; 1 after everything is freed, since neighbours coalesce.
    public var freeBlocks: Int
    /// The largest payload a single free block could hand out (16-byte aligned).
    public var largestFreeBlock: Int

    public init(capacity: Int, bytesInUse: Int, bytesFree: Int, liveAllocations: Int,
                totalAllocations: Int, totalFrees: Int, peakBytesInUse: Int,
                freeBlocks: Int, largestFreeBlock: Int) {
        self.capacity = capacity
        self.bytesInUse = bytesInUse
        self.bytesFree = bytesFree
        self.liveAllocations = liveAllocations
        self.totalAllocations = totalAllocations
        self.totalFrees = totalFrees
        self.peakBytesInUse = peakBytesInUse
        self.freeBlocks = freeBlocks
        self.largestFreeBlock = largestFreeBlock
    }
}
