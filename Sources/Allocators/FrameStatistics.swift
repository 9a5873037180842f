/// A snapshot of the frame allocator's counters.
///
/// `totalFrames` counts only frames that were added as usable RAM, so
/// `usedFrames` (kernel image, boot structures, allocations) is always
/// `totalFrames - freeFrames` and holes in the memory map do not show up.
public struct FrameStatistics: Equatable, Sendable {
    /// Frames ever added as usable RAM with `addFreeRange`.
    public var totalFrames: Int
    /// Usable frames that can be allocated right now.
    public var freeFrames: Int
    /// Usable frames that are allocated or reserved.
    public var usedFrames: Int
    /// Frames the bitmap covers, usable or not (the `frameCount` of `init`).
    public var trackedFrames: Int

    public init(totalFrames: Int, freeFrames: Int, usedFrames: Int, trackedFrames: Int) {
        self.totalFrames = totalFrames
        self.freeFrames = freeFrames
        self.usedFrames = usedFrames
        self.trackedFrames = trackedFrames
    }

    /// Usable RAM in bytes.
    public var totalBytes: UInt64 { UInt64(totalFrames) * FrameAllocator.frameSize }
    /// Allocatable RAM in bytes.
    public var freeBytes: UInt64 { UInt64(freeFrames) * FrameAllocator.frameSize }
}
