import Allocators
import CPU

/// The kernel heap: a real allocator (Allocators.HeapAllocator: boundary tags,
/// free lists, coalescing) over a virtual region that grows on demand with
/// fresh frames. It backs the Embedded Swift runtime's posix_memalign/free.
///
/// Where it lives matters: the Embedded runtime treats object pointers with
/// bit 63 set as immortal and Swift stores enum tags in bits 60-63 of class
/// pointers (toolchain-facts.md), so the heap sits in the low canonical half
/// at 64 TiB with bits 60-63 clear, far from the identity map of RAM.
enum KernelHeap {
    static let base: UInt64 = 0x0000_4000_0000_0000
    static let maximumSize: UInt64 = 1 << 30
    static let initialSize = 256 * 1024
    static let growthQuantum = 64 * 1024

    nonisolated(unsafe) private static var heap: HeapAllocator?

    static func initialize() {
        guard KernelAddressSpace.mapFreshPages(at: base, count: initialSize / 4096) else {
            panic("cannot map the initial kernel heap")
        }
        heap = HeapAllocator(start: UnsafeMutableRawPointer(bitPattern: UInt(base))!, size: initialSize)
    }

    static var isReady: Bool { heap != nil }

    static func allocate(size: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        guard heap != nil else { panic("heap allocation before the heap exists") }
        let interrupts = InterruptState.disable()
        defer { interrupts.restore() }
        if let p = heap!.allocate(size: size, alignment: alignment) { return p }
        // Grow by enough for the request plus its alignment and tags, in 64 KiB steps.
        let needed = alignUp(UInt64(size + alignment + 64), UInt64(growthQuantum))
        let end = UInt64(UInt(bitPattern: heap!.end))
        guard end + needed <= base + maximumSize,
              KernelAddressSpace.mapFreshPages(at: end, count: Int(needed / 4096)) else { return nil }
        heap!.grow(by: Int(needed))
        return heap!.allocate(size: size, alignment: alignment)
    }

    static func free(_ pointer: UnsafeMutableRawPointer) {
        let interrupts = InterruptState.disable()
        defer { interrupts.restore() }
        switch heap!.free(pointer) {
        case .freed: return
        case .invalidPointer: panic("heap: free() of a pointer the heap never handed out")
        case .doubleFree: panic("heap: double free")
        }
    }

    static var statistics: HeapStatistics? { heap?.statistics }
    static func verify() -> Bool { heap?.verify() ?? false }
}

/// Saves IF and disables interrupts; `restore()` puts IF back as it was.
struct InterruptState {
    let wasEnabled: Bool
    static func disable() -> InterruptState {
        let enabled = cpu_read_rflags() & (1 << 9) != 0
        cpu_cli()
        return InterruptState(wasEnabled: enabled)
    }
    func restore() { if wasEnabled { cpu_sti() } }
}
