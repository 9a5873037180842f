/// Physical memory that several tasks can map (shared memory). The frames
/// belong to the region: tasks map them as borrowed pages, and each task that
/// maps it keeps the region alive until it exits; the frames are freed when
/// the last handle and the last mapping are gone.
final class MemoryRegionObject {
    let frames: [UInt64]
    var size: UInt64 { UInt64(frames.count) * 4096 }

    /// `pageCount` zeroed frames, or nil (everything given back) when memory runs out.
    init?(pageCount: Int) {
        var frames: [UInt64] = []
        for _ in 0..<pageCount {
            guard let frame = PhysicalMemory.allocateZeroedFrame() else {
                for f in frames { PhysicalMemory.freeFrame(f) }
                return nil
            }
            frames.append(frame)
        }
        self.frames = frames
    }

    deinit {
        for frame in frames { PhysicalMemory.freeFrame(frame) }
    }
}
