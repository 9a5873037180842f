/// A full consistency check of the heap, for tests and the kernel selftest.
/// It reads everything and trusts nothing: sizes are bounds-checked before
/// they are followed and list walks are bounded, so a corrupted heap makes
/// it return false instead of crashing or looping.
extension HeapAllocator {
    /// Walks every block and checks the tags/free list; returns false on corruption.
    public func verify() -> Bool {
        // 1. Blocks tile the region; tags are valid; free blocks never touch.
        var cursor = firstBlock
        var previousWasFree = false
        var freeCount = 0, freeBytes = 0, usedBytes = 0, liveCount = 0, blockCount = 0
        while cursor < end {
            let block = HeapBlock(cursor)
            guard block.hasValidTags(limit: end) else { return false }
            if block.isAllocated {
                liveCount += 1
                usedBytes += block.payloadSize
                previousWasFree = false
            } else {
                guard !previousWasFree else { return false }  // missed coalescing
                freeCount += 1
                freeBytes += block.payloadSize
                previousWasFree = true
            }
            blockCount += 1
            cursor = block.next
        }
        guard cursor == end else { return false }
        // 2. Counters agree with the walk, and every byte is accounted for.
        guard freeCount == freeBlockCount, freeBytes == bytesFree,
              usedBytes == bytesInUse, liveCount == liveAllocations,
              Self.binTableSize + usedBytes + freeBytes + blockCount * HeapBlock.overhead == capacity
        else { return false }
        // 3. Each list holds free blocks of its own class, doubly linked, and
        //    together the lists hold exactly the free blocks found above.
        var listed = 0, listedBytes = 0
        for bin in 0..<Self.binCount {
            let head = binHead(bin)
            guard (head != nil) == (nonEmptyBins & (1 << UInt64(bin)) != 0) else { return false }
            var previous: UnsafeMutableRawPointer? = nil
            var node = head
            while let address = node {
                // Bounded: more nodes than free blocks means a cycle or a stray link.
                guard listed < freeCount,
                      address >= firstBlock, address < end,
                      Int(bitPattern: address) % HeapBlock.granule == 0 else { return false }
                let block = HeapBlock(address)
                guard block.hasValidTags(limit: end), !block.isAllocated,
                      Self.binIndex(forSize: block.size) == bin,
                      block.previousFree == previous else { return false }
                listed += 1
                listedBytes += block.payloadSize
                previous = address
                node = block.nextFree
            }
        }
        return listed == freeCount && listedBytes == freeBytes
    }
}
