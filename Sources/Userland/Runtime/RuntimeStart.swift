import Allocators
import KeelABI

// The C symbols the Embedded Swift runtime needs (toolchain-facts.md), for
// user programs: the heap is Allocators.HeapAllocator over an arena in the
// program's .bss (crt0.S); `print` goes to the console handle, a line at a time.

nonisolated(unsafe) private var heap: HeapAllocator?
nonisolated(unsafe) private var lineBuffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                             UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
    (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
nonisolated(unsafe) private var lineLength = 0

@_cdecl("keel_runtime_start")
func runtimeStart(_ arena: UnsafeMutableRawPointer, _ size: Int) {
    heap = HeapAllocator(start: arena, size: size)
}

@_cdecl("keel_runtime_exit")
func runtimeExit(_ status: Int32) -> Never {
    flushOutput()
    Task.exit(Int(status))
}

@_cdecl("runtime_heap_allocate")
func runtimeHeapAllocate(_ size: Int, _ alignment: Int) -> UnsafeMutableRawPointer? {
    heap!.allocate(size: max(size, 1), alignment: alignment)
}

@_cdecl("runtime_heap_free")
func runtimeHeapFree(_ pointer: UnsafeMutableRawPointer) {
    switch heap!.free(pointer) {
    case .freed: return
    case .invalidPointer: fatalError("free() of a pointer the heap never handed out")
    case .doubleFree: fatalError("double free")
    }
}

@_cdecl("putchar")
func runtimePutchar(_ c: Int32) -> Int32 {
    withUnsafeMutableBytes(of: &lineBuffer) { raw in
        raw[lineLength] = UInt8(truncatingIfNeeded: c)
    }
    lineLength += 1
    if c == 10 || lineLength == MemoryLayout.size(ofValue: lineBuffer) { flushOutput() }
    return c
}

/// Sends what `print` buffered to the console.
public func flushOutput() {
    guard lineLength > 0 else { return }
    withUnsafeBytes(of: &lineBuffer) { raw in
        Console.write(UnsafeRawBufferPointer(rebasing: raw[0..<lineLength]))
    }
    lineLength = 0
}

/// Seeds Swift's hashing: not cryptographic (the TSC through splitmix64).
@_cdecl("arc4random_buf")
func runtimeRandomBytes(_ buffer: UnsafeMutableRawPointer, _ count: Int) {
    var generator = SplitMix(seed: readTimestampCounter())
    for i in 0..<count {
        buffer.storeBytes(of: UInt8(truncatingIfNeeded: generator.next()), toByteOffset: i, as: UInt8.self)
    }
}

@_cdecl("abort")
func runtimeAbort() -> Never {
    flushOutput()
    Task.exit(134)
}

@_extern(c, "keel_rdtsc")
func keel_rdtsc() -> UInt64

public func readTimestampCounter() -> UInt64 { keel_rdtsc() }

/// splitmix64: a small, fast generator for tests and seeds.
public struct SplitMix {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
