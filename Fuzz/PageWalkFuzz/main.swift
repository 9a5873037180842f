// libFuzzer target for the Paging walker: the input is a scheme selector, a
// root table address and a physical-memory image, hostile by construction
// (self-referencing tables, entries pointing outside the image, reserved
// encodings). Translation and enumeration must terminate without trapping,
// and enumeration must report ranges in increasing, non-overlapping order.
// This is what kdbg's `pt`/`memmap` and `paging-calc walk` do with memory a
// target or a dump file hands them. Built with Sources/Paging as one module:
//
//   swiftc -sanitize=fuzzer -parse-as-library -O -module-name Paging \
//     Sources/Paging/*.swift Fuzz/PageWalkFuzz/main.swift -o .build/fuzz/page-walk

let schemes: [PagingScheme] = {
    var all: [PagingScheme] = [.x86_64, .x86_64LA57, .i386, .i386PAE, .sv32, .sv39, .sv48, .sv57]
    for granule in [AArch64Granule.size4K, .size16K, .size64K] {
        for bits in [39, 48, 52] {
            if let scheme = try? PagingScheme.aarch64(granule: granule, virtualAddressBits: bits) { all.append(scheme) }
        }
    }
    return all
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 9 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let scheme = schemes[Int(input[0]) % schemes.count]
    var rootSeed: UInt64 = 0
    for i in 1..<9 { rootSeed = rootSeed << 8 | UInt64(input[i]) }
    let image = UnsafeRawBufferPointer(rebasing: input[9...])
    // A base above zero makes low table pointers fall outside the image too.
    let base: UInt64 = UInt64(input[1] & 1) << 12
    let memory = BufferPhysicalMemory(base: base, bytes: image)
    // Mostly a root inside the image (aligned like a real table), sometimes anywhere.
    let root = input[2] & 0x80 == 0 && !image.isEmpty
        ? base + (rootSeed % UInt64(image.count)) & ~UInt64(scheme.entryBytes - 1)
        : rootSeed
    let walker = PageTableWalker(scheme: scheme, memory: memory, maxEntriesVisited: 1 << 15)

    // Translate addresses taken from the image itself (what entries point at).
    var offset = 0
    while offset + 8 <= min(image.count, 64) {
        var virtual: UInt64 = 0
        for i in 0..<8 { virtual = virtual << 8 | UInt64(image[offset + i]) }
        let translation = walker.translate(virtual, root: root)
        precondition(translation.stepCount <= scheme.levelCount, "more steps than levels")
        offset += 8
    }

    var previousEnd: UInt64? = nil
    let summary = walker.enumerateMappings(root: root) { mapping in
        precondition(mapping.size > 0, "empty range")
        if let end = previousEnd {
            precondition(mapping.virtualStart > end, "ranges out of order or overlapping")
        }
        previousEnd = mapping.virtualEnd
    }
    precondition(summary.entriesVisited <= 1 << 15, "the entry cap was not honoured")
    return 0
}
