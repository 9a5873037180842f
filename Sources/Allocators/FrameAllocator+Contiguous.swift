/// Physically contiguous runs, for DMA buffers and large pages.
extension FrameAllocator {
    /// Allocates `count` adjacent frames whose first address is a multiple of
    /// `alignment` (a power of two; values below 4 KiB mean 4 KiB). Returns
    /// the physical address of the first frame, or nil if no run fits.
    public mutating func allocateContiguous(count: Int, alignment: UInt64 = 4096) -> UInt64? {
        guard count > 0, count <= frameCount, alignment != 0, alignment & (alignment - 1) == 0 else { return nil }
        let alignment = max(alignment, Self.frameSize)
        // Candidates are frame indices whose address is aligned: they form an
        // arithmetic sequence because base itself is frame aligned.
        let stride = Int(alignment / Self.frameSize)
        let misalignment = base % alignment
        var candidate = misalignment == 0 ? 0 : Int((alignment - misalignment) / Self.frameSize)
        // Nothing is free below the hint, so skip those candidates wholesale.
        let firstUseful = searchHint * 64
        if candidate < firstUseful {
            candidate += (firstUseful - candidate + stride - 1) / stride * stride
        }
        while candidate <= frameCount - count {
            if let blocker = firstUnavailableFrame(from: candidate, to: candidate + count) {
                // No run starting at or before the blocker can work: jump to
                // the first aligned candidate after it.
                candidate += ((blocker - candidate) / stride + 1) * stride
                continue
            }
            forEachWordMask(first: candidate, last: candidate + count) { word, mask in
                used[word] |= mask
            }
            freeFrames -= count
            return address(ofFrame: candidate)
        }
        return nil
    }

    /// The lowest frame in [first, last) that cannot be allocated, a word at a time.
    func firstUnavailableFrame(from first: Int, to last: Int) -> Int? {
        var result: Int? = nil
        forEachWordMask(first: first, last: last) { word, mask in
            guard result == nil else { return }
            let blocked = mask & ~(usable[word] & ~used[word])
            if blocked != 0 { result = word * 64 + blocked.trailingZeroBitCount }
        }
        return result
    }
}
