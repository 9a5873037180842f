import Allocators
import CPU

/// The physical frame allocator over the usable RAM of the boot memory map.
/// Its bitmap lives in the first usable RAM above the kernel image; low memory
/// (below 1 MiB: real-mode structures and the PVH boot data), the kernel
/// image, the bitmap and the boot modules are reserved.
enum PhysicalMemory {
    nonisolated(unsafe) static var frames: FrameAllocator?
    nonisolated(unsafe) private(set) static var highestUsableAddress: UInt64 = 0

    static func initialize(_ info: StartInfo) {
        info.forEachMemoryRegion { region in
            if region.isUsable { highestUsableAddress = max(highestUsableAddress, region.end) }
        }
        let frameCount = Int(highestUsableAddress / FrameAllocator.frameSize)
        let words = FrameAllocator.bitmapWords(forFrames: frameCount)
        let bitmapBytes = UInt64(words * 8)
        let kernelEnd = layout_kernel_end()

        var bitmapAddress: UInt64 = 0
        info.forEachMemoryRegion { region in
            guard bitmapAddress == 0, region.isUsable else { return }
            let start = alignUp(max(region.start, kernelEnd), 4096)
            if start + bitmapBytes <= region.end { bitmapAddress = start }
        }
        if bitmapAddress == 0 { panic("no usable RAM above the kernel for the frame bitmap") }

        var allocator = FrameAllocator(bitmap: UnsafeMutablePointer(bitPattern: UInt(bitmapAddress))!,
                                       words: words, base: 0, frameCount: frameCount)
        info.forEachMemoryRegion { region in
            if region.isUsable { allocator.addFreeRange(start: region.start, end: region.end) }
        }
        allocator.reserveRange(start: 0, end: 0x10_0000)
        allocator.reserveRange(start: layout_kernel_start(), end: kernelEnd)
        allocator.reserveRange(start: bitmapAddress, end: bitmapAddress + bitmapBytes)
        for i in 0..<info.moduleCount {
            let module = info.module(i)
            allocator.reserveRange(start: module.start, end: module.start + module.size)
        }
        frames = allocator
    }

    /// Frames user requests (memory regions, new tasks) may not take: the
    /// kernel heap, page tables and kernel stacks still need some.
    static let reserveFrames = 4096

    /// One zeroed 4 KiB frame, or nil when RAM is exhausted.
    static func allocateZeroedFrame() -> UInt64? {
        guard let frame = frames?.allocate() else { return nil }
        UnsafeMutableRawPointer(bitPattern: UInt(frame))!.initializeMemory(as: UInt8.self, repeating: 0, count: 4096)
        return frame
    }

    /// Gives a frame back; freeing one that is not allocated is a kernel bug.
    static func freeFrame(_ frame: UInt64) {
        guard frames!.free(frame) == .freed else { panic("frame allocator: bad or double free of a frame") }
    }

    static var statistics: FrameStatistics { frames?.statistics ?? FrameStatistics(totalFrames: 0, freeFrames: 0, usedFrames: 0, trackedFrames: 0) }
}

@inline(__always)
func alignUp(_ value: UInt64, _ alignment: UInt64) -> UInt64 { (value + alignment - 1) & ~(alignment - 1) }
@inline(__always)
func alignDown(_ value: UInt64, _ alignment: UInt64) -> UInt64 { value & ~(alignment - 1) }
