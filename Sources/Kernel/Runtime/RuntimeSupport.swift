import CPU

// The C symbols the Embedded Swift runtime needs from its environment
// (toolchain-facts.md). posix_memalign and free are defined in libc.c (Swift
// may not define the runtime's own `free`) and land in the two functions here;
// memset/memcpy/memmove/memcmp/strlen are in libc.c too.

@_cdecl("runtime_heap_allocate")
func kernelHeapAllocate(_ size: Int, _ alignment: Int) -> UnsafeMutableRawPointer? {
    KernelHeap.allocate(size: max(size, 1), alignment: alignment)
}

@_cdecl("runtime_heap_free")
func kernelHeapFree(_ pointer: UnsafeMutableRawPointer) {
    KernelHeap.free(pointer)
}

/// `print` and the runtime's fatal-error messages arrive here: console + log ring.
@_cdecl("putchar")
func kernelPutchar(_ c: Int32) -> Int32 {
    KernelLog.writer.write(byte: UInt8(truncatingIfNeeded: c))
    return c
}

/// Seeds Swift's hashing. Not cryptographic: the TSC mixed with splitmix64.
@_cdecl("arc4random_buf")
func kernelRandomBytes(_ buffer: UnsafeMutableRawPointer, _ count: Int) {
    var state = cpu_rdtsc()
    for i in 0..<count {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        buffer.storeBytes(of: UInt8(truncatingIfNeeded: z ^ (z >> 31)), toByteOffset: i, as: UInt8.self)
    }
}

@_cdecl("abort")
func kernelAbort() -> Never {
    panic("abort() called")
}
