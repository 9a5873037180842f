/// Feeding the memory map into the frame allocator.
extension FrameAllocator {
    /// Marks whole frames inside [start, end) as free (usable RAM); partial
    /// frames at the edges are not freed, since their other part may be MMIO
    /// or firmware data. Frames already added are left alone, and frames
    /// reserved earlier stay reserved (they become usable but used).
    public mutating func addFreeRange(start: UInt64, end: UInt64) {
        guard let (first, last) = frameRange(start: start, end: end, roundOutward: false) else { return }
        forEachWordMask(first: first, last: last) { word, mask in
            let newlyUsable = mask & ~usable[word]
            guard newlyUsable != 0 else { return }
            usable[word] |= newlyUsable
            totalFrames += newlyUsable.nonzeroBitCount
            let newlyFree = newlyUsable & ~used[word]
            freeFrames += newlyFree.nonzeroBitCount
            if newlyFree != 0 { searchHint = min(searchHint, word) }
        }
    }

    /// Marks frames overlapping [start, end) as reserved/used (kernel image,
    /// boot structures, the bitmap itself): any frame that holds even one
    /// byte of the range is taken. Works before or after `addFreeRange`.
    public mutating func reserveRange(start: UInt64, end: UInt64) {
        guard let (first, last) = frameRange(start: start, end: end, roundOutward: true) else { return }
        forEachWordMask(first: first, last: last) { word, mask in
            let wasFree = mask & usable[word] & ~used[word]
            used[word] |= mask
            freeFrames -= wasFree.nonzeroBitCount
        }
    }

    /// Frame indices [first, last) of the part of [start, end) the bitmap
    /// covers. Clamping happens before rounding, so ranges near the top of
    /// the address space cannot overflow.
    func frameRange(start: UInt64, end: UInt64, roundOutward: Bool) -> (Int, Int)? {
        let low = max(start, base)
        let high = min(end, limit)
        guard low < high else { return nil }
        let size = Self.frameSize
        // Both offsets are at most frameCount * 4096, which init checked.
        let first = roundOutward ? (low - base) / size : (low - base + size - 1) / size
        let last = roundOutward ? (high - base + size - 1) / size : (high - base) / size
        guard first < last else { return nil }
        return (Int(first), Int(last))
    }
}
