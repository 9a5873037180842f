/// The physical memory manager: one bit per 4 KiB frame over a physical range.
///
/// The caller owns the bitmap storage (the kernel carves it out of RAM
/// before any allocator exists), so this type never allocates.
///
/// The storage holds two bitmaps of `bitmapWords(forFrames:) / 2` words each:
/// - `usable`: the frame was added as RAM by `addFreeRange`;
/// - `used`: the frame is reserved or allocated.
/// A frame is allocatable when it is usable and not used. Keeping the two
/// apart makes the calls order-independent: a reservation made before the
/// memory map is read survives a later `addFreeRange`, and adding a range
/// twice neither frees allocations nor counts RAM twice.
public struct FrameAllocator {
    public static let frameSize: UInt64 = 4096

    /// Bitmap words needed to track `frameCount` frames (both bitmaps).
    public static func bitmapWords(forFrames frameCount: Int) -> Int {
        2 * wordsPerBitmap(forFrames: frameCount)
    }

    static func wordsPerBitmap(forFrames frameCount: Int) -> Int {
        (max(frameCount, 0) + 63) / 64
    }

    let usable: UnsafeMutablePointer<UInt64>
    let used: UnsafeMutablePointer<UInt64>
    let wordCount: Int
    let base: UInt64
    let frameCount: Int
    /// One past the last tracked byte.
    let limit: UInt64
    var totalFrames = 0
    var freeFrames = 0
    /// No word below this index has an allocatable frame: `allocate()` starts
    /// here instead of rescanning the (mostly full) low memory every time.
    var searchHint = 0

    /// `bitmap` (caller-owned storage of `words` UInt64) tracks frames starting
    /// at physical address `base` (4 KiB aligned). Every frame starts out
    /// reserved (not allocatable).
    public init(bitmap: UnsafeMutablePointer<UInt64>, words: Int, base: UInt64, frameCount: Int) {
        precondition(frameCount >= 0, "negative frame count")
        precondition(base % Self.frameSize == 0, "frame allocator base not 4 KiB aligned")
        precondition(words >= Self.bitmapWords(forFrames: frameCount), "bitmap storage too small")
        let (span, overflow) = UInt64(frameCount).multipliedReportingOverflow(by: Self.frameSize)
        let (end, overflow2) = base.addingReportingOverflow(span)
        precondition(!overflow && !overflow2, "tracked range wraps the address space")
        wordCount = Self.wordsPerBitmap(forFrames: frameCount)
        usable = bitmap
        used = bitmap + wordCount
        self.base = base
        self.frameCount = frameCount
        limit = end
        // Neither usable nor used: not RAM, so nothing is allocatable yet.
        bitmap.update(repeating: 0, count: 2 * wordCount)
    }

    /// The physical address of a free frame (the lowest one), or nil when
    /// memory is exhausted.
    public mutating func allocate() -> UInt64? {
        var word = searchHint
        while word < wordCount {
            let available = usable[word] & ~used[word]
            if available != 0 {
                let bit = available.trailingZeroBitCount
                used[word] |= 1 << UInt64(bit)
                freeFrames -= 1
                searchHint = word
                return address(ofFrame: word * 64 + bit)
            }
            word += 1
        }
        searchHint = wordCount
        return nil
    }

    /// Returns a frame. Freeing a frame reserved inside usable RAM also works:
    /// that is how the kernel reclaims boot structures it no longer needs.
    public mutating func free(_ address: UInt64) -> FrameFreeResult {
        guard address >= base, address < limit else { return .outOfRange }
        guard (address - base) % Self.frameSize == 0 else { return .misaligned }
        let frame = Int((address - base) / Self.frameSize)
        let word = frame >> 6
        let bit: UInt64 = 1 << UInt64(frame & 63)
        guard usable[word] & bit != 0, used[word] & bit != 0 else { return .notAllocated }
        used[word] &= ~bit
        freeFrames += 1
        searchHint = min(searchHint, word)
        return .freed
    }

    /// Whether the frame at `address` can be allocated right now.
    public func isFree(_ address: UInt64) -> Bool {
        guard address >= base, address < limit, (address - base) % Self.frameSize == 0 else { return false }
        let frame = Int((address - base) / Self.frameSize)
        return (usable[frame >> 6] & ~used[frame >> 6]) & (1 << UInt64(frame & 63)) != 0
    }

    public var statistics: FrameStatistics {
        FrameStatistics(totalFrames: totalFrames, freeFrames: freeFrames,
                        usedFrames: totalFrames - freeFrames, trackedFrames: frameCount)
    }

    func address(ofFrame frame: Int) -> UInt64 {
        base + UInt64(frame) * Self.frameSize
    }
}
