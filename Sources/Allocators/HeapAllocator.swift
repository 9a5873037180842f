/// The kernel heap: a boundary-tag allocator with segregated free lists over
/// one contiguous virtual region that can grow at its end.
///
/// It backs the Embedded Swift runtime's `posix_memalign`/`free`, so it must
/// never allocate Swift heap memory itself: it only reads and writes the
/// region it is given. The first `binTableSize` bytes of the region hold the
/// free-list heads; blocks (see `HeapBlock`) tile the rest without gaps.
///
/// Invariants, all checked by `verify()`: blocks tile [firstBlock, end);
/// no two free blocks are adjacent (freeing coalesces); every free block is
/// on exactly the list of its size class.
public struct HeapAllocator {
    /// Tag bytes per block (16-byte header + 8-byte footer): the cost of
    /// each allocation on top of its payload, which is rounded so the block
    /// is a multiple of 16 bytes and at least 48.
    public static let blockOverhead = HeapBlock.overhead
    /// Bytes of a fresh heap that are never payload: the free-list table
    /// (512 bytes) and the tags of the one block left when all is free.
    public static let fixedOverhead = binTableSize + HeapBlock.overhead

    let binTable: UnsafeMutableRawPointer
    var capacity: Int
    /// Bit n is set when free list n is non-empty.
    var nonEmptyBins: UInt64 = 0
    var freeBlockCount = 0
    var bytesFree = 0
    var bytesInUse = 0
    var liveAllocations = 0
    var totalAllocations = 0
    var totalFrees = 0
    var peakBytesInUse = 0

    /// Manages [start, start + size). `start` must be 16-byte aligned and
    /// `size` a multiple of 16 (page multiples are what the kernel uses),
    /// big enough for the free-list table and one block (560 bytes).
    public init(start: UnsafeMutableRawPointer, size: Int) {
        precondition(Int(bitPattern: start) % HeapBlock.granule == 0, "heap start not 16-byte aligned")
        precondition(size % HeapBlock.granule == 0, "heap size not a multiple of 16")
        precondition(size >= Self.binTableSize + HeapBlock.minimumSize, "heap region too small")
        binTable = start
        capacity = size
        for bin in 0..<Self.binCount { setBinHead(bin, nil) }
        let block = HeapBlock(firstBlock)
        block.writeTags(size: end - firstBlock, allocated: false)
        insertFree(block)
    }

    /// One past the managed region.
    public var end: UnsafeMutableRawPointer { binTable + capacity }

    var firstBlock: UnsafeMutableRawPointer { binTable + Self.binTableSize }

    /// The region now extends `bytes` further (the caller mapped them
    /// contiguously after `end`); merges with a free tail block. `bytes`
    /// must be a multiple of 16 and at least 48 (the kernel grows by pages).
    public mutating func grow(by bytes: Int) {
        precondition(bytes % HeapBlock.granule == 0 && bytes >= HeapBlock.minimumSize, "bad heap growth")
        let oldEnd = end
        capacity += bytes
        var start = oldEnd
        var size = bytes
        // The block ending at the old end is found through its footer.
        let tailWord = (oldEnd - HeapBlock.footerSize).load(as: UInt64.self)
        if tailWord & HeapBlock.allocatedFlag == 0 {
            let tail = HeapBlock(oldEnd - Int(tailWord))
            removeFree(tail)
            start = tail.address
            size += tail.size
        }
        let block = HeapBlock(start)
        block.writeTags(size: size, allocated: false)
        insertFree(block)
    }

    /// A block of at least `size` bytes whose address is a multiple of
    /// `alignment` (a power of two; anything below 16 gives 16, and any
    /// larger power works, 4096 included). nil when no free block fits (the
    /// kernel then grows the heap and retries) or the request is malformed.
    public mutating func allocate(size: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        guard size >= 0, size <= Int.max / 4, alignment > 0, alignment & (alignment - 1) == 0,
              alignment <= Int.max / 4 else { return nil }
        let alignment = max(alignment, HeapBlock.granule)
        let blockSize = HeapBlock.size(forPayload: size)
        guard let (found, lead) = findFit(blockSize: blockSize, alignment: alignment) else { return nil }
        removeFree(found)
        var block = found
        var available = found.size
        if lead > 0 {
            // The alignment gap stays free as a block of its own. Its left
            // neighbour is allocated (free blocks never touch), so no merge.
            block.writeTags(size: lead, allocated: false)
            insertFree(block)
            block = HeapBlock(found.address + lead)
            available -= lead
        }
        if available - blockSize >= HeapBlock.minimumSize {
            // Split: the tail goes back to the lists. Its right neighbour is
            // allocated or the end, because `found` was coalesced.
            let rest = HeapBlock(block.address + blockSize)
            rest.writeTags(size: available - blockSize, allocated: false)
            insertFree(rest)
            available = blockSize
        }
        block.writeTags(size: available, allocated: true)
        bytesInUse += block.payloadSize
        peakBytesInUse = max(peakBytesInUse, bytesInUse)
        liveAllocations += 1
        totalAllocations += 1
        return block.payload
    }

    /// Frees a block and merges it with free neighbours. Bad pointers and
    /// double frees are reported and change nothing.
    public mutating func free(_ pointer: UnsafeMutableRawPointer) -> HeapFreeResult {
        guard let block = validatedBlock(payload: pointer) else { return .invalidPointer }
        guard block.isAllocated else { return .doubleFree }
        bytesInUse -= block.payloadSize
        liveAllocations -= 1
        totalFrees += 1
        // Mark the block itself free first: if it is absorbed into its left
        // neighbour below, its stale header still says "free", so freeing
        // the same pointer again is reported as a double free.
        block.writeTags(size: block.size, allocated: false)
        var start = block.address
        var size = block.size
        if block.next < end {
            let right = HeapBlock(block.next)
            if !right.isAllocated && right.hasValidTags(limit: end) {
                removeFree(right)
                size += right.size
            }
        }
        if start > firstBlock {
            let leftWord = (start - HeapBlock.footerSize).load(as: UInt64.self)
            let leftSize = Int(truncatingIfNeeded: leftWord & ~UInt64(HeapBlock.granule - 1))
            // Bounds first: a corrupt footer must not send us outside the heap.
            if leftWord & HeapBlock.allocatedFlag == 0, leftSize >= HeapBlock.minimumSize,
               leftSize <= start - firstBlock {
                let left = HeapBlock(start - leftSize)
                if left.hasValidTags(limit: start) && !left.isAllocated {
                    removeFree(left)
                    start = left.address
                    size += leftSize
                }
            }
        }
        let merged = HeapBlock(start)
        merged.writeTags(size: size, allocated: false)
        insertFree(merged)
        return .freed
    }

    /// The payload bytes of a live allocation (at least what was asked for),
    /// or nil if `pointer` is not one.
    public func usableSize(of pointer: UnsafeMutableRawPointer) -> Int? {
        guard let block = validatedBlock(payload: pointer), block.isAllocated else { return nil }
        return block.payloadSize
    }

    public var statistics: HeapStatistics {
        HeapStatistics(capacity: capacity, bytesInUse: bytesInUse, bytesFree: bytesFree,
                       liveAllocations: liveAllocations, totalAllocations: totalAllocations,
                       totalFrees: totalFrees, peakBytesInUse: peakBytesInUse,
                       freeBlocks: freeBlockCount, largestFreeBlock: largestFreePayload())
    }

    /// The block whose payload is `pointer`, if its header checks out, and
    /// for a live block its footer too. Checks the address before reading
    /// anything, so wild pointers are never followed. A free block's footer
    /// is not required: after a merge only its (stale, still "free") header
    /// remains, and that must still be reported as a double free.
    func validatedBlock(payload pointer: UnsafeMutableRawPointer) -> HeapBlock? {
        guard Int(bitPattern: pointer) % HeapBlock.granule == 0,
              pointer >= firstBlock + HeapBlock.headerSize,
              end - pointer >= HeapBlock.minimumSize - HeapBlock.headerSize else { return nil }
        let block = HeapBlock(payload: pointer)
        guard block.hasValidHeader(limit: end) else { return nil }
        if block.isAllocated && !block.hasValidTags(limit: end) { return nil }
        return block
    }

    /// Scans the highest non-empty class, which holds the largest block.
    func largestFreePayload() -> Int {
        guard nonEmptyBins != 0 else { return 0 }
        let bin = UInt64.bitWidth - 1 - nonEmptyBins.leadingZeroBitCount
        var largest = 0
        var cursor = binHead(bin)
        while let address = cursor {
            let block = HeapBlock(address)
            largest = max(largest, block.payloadSize)
            cursor = block.nextFree
        }
        return largest
    }
}
