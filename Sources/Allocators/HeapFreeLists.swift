/// Segregated free lists: free blocks are kept in size classes so a fit is
/// found by looking at a class or two instead of walking every free block.
///
/// Classes follow TLSF's two-level idea: each power of two is split into
/// four sub-classes, so blocks in one class differ by less than 25%. Any
/// block in a class above the request's class is big enough, and a 64-bit
/// mask of non-empty classes finds the next one in a single instruction.
/// The list heads live at the start of the managed region (the heap cannot
/// allocate memory for its own bookkeeping) in `binCount` pointer slots.
extension HeapAllocator {
    static let binCount = 64
    static let binTableSize = binCount * MemoryLayout<UInt>.size

    /// The class of a block of `size` bytes (size >= HeapBlock.minimumSize).
    /// Sizes beyond the last class (2 MiB and up) all share the last one.
    static func binIndex(forSize size: Int) -> Int {
        let log2 = Int.bitWidth - 1 - size.leadingZeroBitCount  // >= 5
        let sub = (size >> (log2 - 2)) & 3
        return min((log2 - 5) * 4 + sub, binCount - 1)
    }

    func binHead(_ bin: Int) -> UnsafeMutableRawPointer? {
        UnsafeMutableRawPointer(bitPattern: binTable.load(fromByteOffset: bin * 8, as: UInt.self))
    }

    func setBinHead(_ bin: Int, _ block: UnsafeMutableRawPointer?) {
        binTable.storeBytes(of: UInt(bitPattern: block), toByteOffset: bin * 8, as: UInt.self)
    }

    /// Pushes a block whose tags already say "free" onto its class list.
    /// LIFO: the most recently freed block is reused first (still in cache).
    mutating func insertFree(_ block: HeapBlock) {
        let bin = Self.binIndex(forSize: block.size)
        let head = binHead(bin)
        block.nextFree = head
        block.previousFree = nil
        if let head { HeapBlock(head).previousFree = block.address }
        setBinHead(bin, block.address)
        nonEmptyBins |= 1 << UInt64(bin)
        freeBlockCount += 1
        bytesFree += block.payloadSize
    }

    /// Unlinks a free block from its class list (before its size changes).
    mutating func removeFree(_ block: HeapBlock) {
        let bin = Self.binIndex(forSize: block.size)
        let next = block.nextFree
        if let previous = block.previousFree {
            HeapBlock(previous).nextFree = next
        } else {
            setBinHead(bin, next)
            if next == nil { nonEmptyBins &= ~(1 << UInt64(bin)) }
        }
        if let next { HeapBlock(next).previousFree = block.previousFree }
        freeBlockCount -= 1
        bytesFree -= block.payloadSize
    }

    /// The first free block that can hold `blockSize` bytes with its payload
    /// aligned to `alignment`, and the bytes to split off its front for that.
    func findFit(blockSize: Int, alignment: Int) -> (block: HeapBlock, lead: Int)? {
        var candidates = nonEmptyBins & (~0 << UInt64(Self.binIndex(forSize: blockSize)))
        while candidates != 0 {
            let bin = candidates.trailingZeroBitCount
            candidates &= candidates - 1
            var cursor = binHead(bin)
            while let address = cursor {
                let block = HeapBlock(address)
                let lead = Self.leadingGap(of: block, alignment: alignment)
                if lead + blockSize <= block.size { return (block, lead) }
                cursor = block.nextFree
            }
        }
        return nil
    }

    /// Bytes before the first payload address in `block` that is aligned to
    /// `alignment`. A gap is either 0 or big enough to become a free block
    /// of its own, so nothing is ever lost to alignment padding.
    static func leadingGap(of block: HeapBlock, alignment: Int) -> Int {
        let payload = Int(bitPattern: block.payload)
        var aligned = HeapBlock.roundUp(payload, alignment)
        if aligned != payload && aligned - payload < HeapBlock.minimumSize {
            aligned = HeapBlock.roundUp(payload + HeapBlock.minimumSize, alignment)
        }
        return aligned - payload
    }
}
