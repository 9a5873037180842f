import Testing
import Allocators

/// Owns the host memory a test's HeapAllocator manages. `reserve` bytes are
/// allocated up front so `grow` can hand over memory right after `end`.
struct HeapFixture: ~Copyable {
    let region: UnsafeMutableRawPointer
    var heap: HeapAllocator

    init(size: Int, reserve: Int = 0) {
        region = .allocate(byteCount: size + reserve, alignment: 4096)
        region.initializeMemory(as: UInt8.self, repeating: 0xA5, count: size + reserve)
        heap = HeapAllocator(start: region, size: size)
    }

    deinit { region.deallocate() }
}

/// Fixed cost of the heap: the free-list table plus one block's tags, i.e.
/// what is not available as payload once everything is free.
let heapFixedOverhead = 64 * 8 + 24

@Test func heapOverheadConstants() {
    #expect(HeapAllocator.fixedOverhead == heapFixedOverhead)
    #expect(HeapAllocator.blockOverhead == 24)
}

private func fill(_ p: UnsafeMutableRawPointer, _ size: Int, tag: UInt8) {
    p.initializeMemory(as: UInt8.self, repeating: tag, count: size)
}

private func holds(_ p: UnsafeMutableRawPointer, _ size: Int, tag: UInt8) -> Bool {
    let bytes = p.assumingMemoryBound(to: UInt8.self)
    for i in 0..<size where bytes[i] != tag { return false }
    return true
}

@Test func heapStartsAsOneFreeBlock() {
    let f = HeapFixture(size: 64 * 1024)
    let s = f.heap.statistics
    #expect(s.capacity == 64 * 1024)
    #expect(s.bytesInUse == 0)
    #expect(s.bytesFree == 64 * 1024 - heapFixedOverhead)
    #expect(s.freeBlocks == 1)
    #expect(s.largestFreeBlock == s.bytesFree)
    #expect(f.heap.end == f.region + 64 * 1024)
    #expect(f.heap.verify())
}

@Test(arguments: [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096])
func heapAlignment(_ alignment: Int) {
    var f = HeapFixture(size: 256 * 1024)
    var pointers: [UnsafeMutableRawPointer] = []
    for size in [1, 7, 16, 24, 100, 1000, 4096, 5000] {
        let p = f.heap.allocate(size: size, alignment: alignment)!
        #expect(Int(bitPattern: p) % alignment == 0)
        #expect(Int(bitPattern: p) % 16 == 0)
        #expect(f.heap.usableSize(of: p)! >= size)
        fill(p, size, tag: UInt8(truncatingIfNeeded: pointers.count))
        pointers.append(p)
        #expect(f.heap.verify())
    }
    for p in pointers { #expect(f.heap.free(p) == .freed) }
    #expect(f.heap.verify())
    #expect(f.heap.statistics.freeBlocks == 1)
}

@Test func heapRejectsBadAlignmentAndSize() {
    var f = HeapFixture(size: 16 * 1024)
    #expect(f.heap.allocate(size: 16, alignment: 24) == nil)
    #expect(f.heap.allocate(size: 16, alignment: 0) == nil)
    #expect(f.heap.allocate(size: -1, alignment: 16) == nil)
    #expect(f.heap.allocate(size: Int.max, alignment: 16) == nil)
    #expect(f.heap.allocate(size: 16 * 1024, alignment: 16) == nil)  // larger than the region
    // Zero-byte requests get a unique, freeable pointer, as malloc(0) may.
    let a = f.heap.allocate(size: 0, alignment: 16)!
    let b = f.heap.allocate(size: 0, alignment: 16)!
    #expect(a != b)
    #expect(f.heap.free(a) == .freed)
    #expect(f.heap.free(b) == .freed)
    #expect(f.heap.verify())
}

@Test func heapNoOverlapAndPatternsSurvive() {
    var f = HeapFixture(size: 1024 * 1024)
    var rng = XorShift(seed: 7)
    var live: [(p: UnsafeMutableRawPointer, size: Int, tag: UInt8)] = []
    while true {
        let size = 1 + rng.next(below: 700)
        let alignment = 1 << rng.next(below: 10)
        guard let p = f.heap.allocate(size: size, alignment: alignment) else { break }
        let tag = UInt8(truncatingIfNeeded: live.count &+ 1)
        fill(p, size, tag: tag)
        live.append((p, size, tag))
    }
    #expect(live.count > 500)
    // Ranges must be disjoint: sort by address and compare neighbours.
    let sorted = live.sorted { $0.p < $1.p }
    for i in 1..<sorted.count {
        #expect(sorted[i - 1].p + sorted[i - 1].size <= sorted[i].p)
    }
    for block in live {
        #expect(block.p >= f.region && block.p + block.size <= f.heap.end)
        #expect(holds(block.p, block.size, tag: block.tag))
    }
    #expect(f.heap.verify())
    for block in live { #expect(f.heap.free(block.p) == .freed) }
    #expect(f.heap.verify())
}

@Test func heapRandomChurn() {
    var f = HeapFixture(size: 512 * 1024)
    var rng = XorShift(seed: 0xC0FFEE)
    var live: [(p: UnsafeMutableRawPointer, size: Int, tag: UInt8)] = []
    var failures = 0
    for batch in 0..<200 {
        for _ in 0..<50 {
            if live.isEmpty || rng.next(below: 100) < 55 {
                // Mostly small sizes with an occasional big one, like a kernel.
                let size = rng.next(below: 10) == 0 ? rng.next(below: 16 * 1024) : rng.next(below: 256)
                let alignment = rng.next(below: 8) == 0 ? 1 << (4 + rng.next(below: 9)) : 16
                if let p = f.heap.allocate(size: size, alignment: alignment) {
                    #expect(Int(bitPattern: p) % alignment == 0)
                    let tag = UInt8(truncatingIfNeeded: rng.next())
                    fill(p, size, tag: tag)
                    live.append((p, size, tag))
                } else {
                    failures += 1
                }
            } else {
                let victim = live.removeSwapping(at: rng.next(below: live.count))
                #expect(holds(victim.p, victim.size, tag: victim.tag))
                #expect(f.heap.free(victim.p) == .freed)
            }
        }
        #expect(f.heap.verify(), "corrupt after batch \(batch)")
        #expect(f.heap.statistics.liveAllocations == live.count)
    }
    for block in live {
        #expect(holds(block.p, block.size, tag: block.tag))
        #expect(f.heap.free(block.p) == .freed)
    }
    let s = f.heap.statistics
    #expect(s.bytesInUse == 0)
    #expect(s.liveAllocations == 0)
    #expect(s.totalAllocations == s.totalFrees)
    #expect(s.totalAllocations > 4000)
    #expect(s.peakBytesInUse > 0)
    #expect(s.freeBlocks == 1)
    #expect(s.bytesFree == 512 * 1024 - heapFixedOverhead)
    #expect(f.heap.verify())
}

@Test func heapReusesFreedMemory() {
    var f = HeapFixture(size: 64 * 1024)
    let keep = f.heap.allocate(size: 100, alignment: 16)!
    let a = f.heap.allocate(size: 200, alignment: 16)!
    let guardBlock = f.heap.allocate(size: 100, alignment: 16)!
    #expect(f.heap.free(a) == .freed)
    #expect(f.heap.allocate(size: 200, alignment: 16) == a)
    // A smaller request also fits the hole rather than fresh memory.
    #expect(f.heap.free(a) == .freed)
    #expect(f.heap.allocate(size: 150, alignment: 16) == a)
    // Repeated allocate/free of one size keeps returning the same address.
    let b = f.heap.allocate(size: 64, alignment: 16)!
    for _ in 0..<100 {
        #expect(f.heap.free(b) == .freed)
        #expect(f.heap.allocate(size: 64, alignment: 16) == b)
    }
    _ = (keep, guardBlock)
    #expect(f.heap.verify())
}

@Test func heapCoalescesBackToOneBlock() {
    var f = HeapFixture(size: 128 * 1024)
    var pointers: [UnsafeMutableRawPointer] = []
    for i in 0..<200 { pointers.append(f.heap.allocate(size: 16 + (i % 64) * 8, alignment: 16)!) }
    #expect(f.heap.statistics.freeBlocks == 1)  // only the tail
    // Free every other block: nothing can merge, so one free block each (+ tail).
    for i in stride(from: 0, to: 200, by: 2) { #expect(f.heap.free(pointers[i]) == .freed) }
    #expect(f.heap.statistics.freeBlocks == 101)
    #expect(f.heap.verify())
    // Free the rest: each merges with both neighbours.
    for i in stride(from: 1, to: 200, by: 2) { #expect(f.heap.free(pointers[i]) == .freed) }
    let s = f.heap.statistics
    #expect(s.freeBlocks == 1)
    #expect(s.bytesInUse == 0)
    #expect(s.bytesFree == 128 * 1024 - heapFixedOverhead)
    #expect(s.largestFreeBlock == s.bytesFree)
    #expect(f.heap.verify())
    // The whole region is usable again in one piece.
    let all = f.heap.allocate(size: s.bytesFree, alignment: 16)
    #expect(all != nil)
    #expect(f.heap.allocate(size: 1, alignment: 16) == nil)
    #expect(f.heap.free(all!) == .freed)
}

@Test func heapGrowAllowsLargerAllocations() {
    let initial = 16 * 1024
    var f = HeapFixture(size: initial, reserve: 64 * 1024)
    #expect(f.heap.allocate(size: 40 * 1024, alignment: 16) == nil)
    // Grow with the tail free: it merges into one block.
    f.heap.grow(by: 32 * 1024)
    #expect(f.heap.statistics.freeBlocks == 1)
    #expect(f.heap.end == f.region + initial + 32 * 1024)
    let big = f.heap.allocate(size: 40 * 1024, alignment: 4096)!
    #expect(Int(bitPattern: big) % 4096 == 0)
    fill(big, 40 * 1024, tag: 0x11)
    #expect(f.heap.verify())
    // Use up every free block (any free block holds at least 24 bytes), so
    // the tail is allocated and the next growth becomes a block of its own.
    var small: [UnsafeMutableRawPointer] = []
    while let p = f.heap.allocate(size: 16, alignment: 16) { small.append(p) }
    #expect(f.heap.statistics.freeBlocks == 0)
    #expect(f.heap.statistics.bytesFree == 0)
    f.heap.grow(by: 32 * 1024)
    #expect(f.heap.verify())
    #expect(f.heap.statistics.capacity == initial + 64 * 1024)
    #expect(f.heap.statistics.freeBlocks == 1)
    #expect(f.heap.statistics.bytesFree == 32 * 1024 - HeapAllocator.blockOverhead)
    let more = f.heap.allocate(size: 30 * 1024, alignment: 16)!
    #expect(more == f.region + initial + 32 * 1024 + 16)  // first block of the new space
    #expect(holds(big, 40 * 1024, tag: 0x11))
    #expect(f.heap.free(more) == .freed)
    #expect(f.heap.free(big) == .freed)
    for p in small { #expect(f.heap.free(p) == .freed) }
    #expect(f.heap.statistics.freeBlocks == 1)
    #expect(f.heap.statistics.bytesFree == initial + 64 * 1024 - HeapAllocator.fixedOverhead)
    #expect(f.heap.verify())
}

@Test func heapGrowMergesAfterEverythingFreed() {
    var f = HeapFixture(size: 8192, reserve: 8192)
    var pointers: [UnsafeMutableRawPointer] = []
    while let p = f.heap.allocate(size: 100, alignment: 16) { pointers.append(p) }
    f.heap.grow(by: 8192)
    for p in pointers { #expect(f.heap.free(p) == .freed) }
    #expect(f.heap.statistics.freeBlocks == 1)
    #expect(f.heap.statistics.bytesFree == 16384 - heapFixedOverhead)
    #expect(f.heap.verify())
}

@Test func heapDetectsInvalidAndDoubleFree() {
    var f = HeapFixture(size: 64 * 1024)
    let a = f.heap.allocate(size: 64, alignment: 16)!
    let b = f.heap.allocate(size: 64, alignment: 16)!
    let c = f.heap.allocate(size: 64, alignment: 16)!
    #expect(f.heap.free(b) == .freed)
    #expect(f.heap.free(b) == .doubleFree)
    // a's right neighbour (b) is free: freeing a absorbs b; c keeps the tail apart.
    #expect(f.heap.free(a) == .freed)
    #expect(f.heap.free(a) == .doubleFree)
    #expect(f.heap.free(b) == .doubleFree)  // stale header inside a merged block
    #expect(f.heap.usableSize(of: a) == nil)
    // Interior, misaligned and out-of-region pointers.
    #expect(f.heap.free(c + 16) == .invalidPointer)
    #expect(f.heap.free(c + 1) == .invalidPointer)
    #expect(f.heap.free(f.region) == .invalidPointer)
    #expect(f.heap.free(f.heap.end) == .invalidPointer)
    #expect(f.heap.free(f.heap.end - 16) == .invalidPointer)
    var outside = 0
    #expect(f.heap.free(&outside) == .invalidPointer)
    #expect(f.heap.verify())
    // A header clobbered by an overrun of the block before it is refused, and verify notices.
    let d = f.heap.allocate(size: 64, alignment: 16)!
    let e = f.heap.allocate(size: 64, alignment: 16)!
    let saved = (e - 16).load(as: UInt64.self)
    (e - 16).storeBytes(of: saved ^ 0x100, as: UInt64.self)
    #expect(!f.heap.verify())
    #expect(f.heap.free(e) == .invalidPointer)
    (e - 16).storeBytes(of: saved, as: UInt64.self)
    #expect(f.heap.verify())
    #expect(f.heap.free(e) == .freed)
    #expect(f.heap.free(d) == .freed)
    #expect(f.heap.free(c) == .freed)
    #expect(f.heap.statistics.freeBlocks == 1)
    #expect(f.heap.statistics.totalFrees == 5)
    #expect(f.heap.verify())
}

@Test func heapUsableSizeAndOverhead() {
    var f = HeapFixture(size: 64 * 1024)
    let free0 = f.heap.statistics.bytesFree
    let p = f.heap.allocate(size: 1, alignment: 16)!
    #expect(f.heap.usableSize(of: p) == 24)  // minimum block 48 minus 24 bytes of tags
    let q = f.heap.allocate(size: 100, alignment: 16)!
    #expect(f.heap.usableSize(of: q) == 104)  // 100 + 24 rounded to 128, minus tags
    let s = f.heap.statistics
    #expect(s.bytesInUse == 24 + 104)
    // Each allocation costs its payload plus 24 bytes of tags.
    #expect(free0 - s.bytesFree == 24 + 104 + 2 * 24)
    #expect(s.peakBytesInUse == 128)
    #expect(f.heap.free(p) == .freed)
    #expect(f.heap.free(q) == .freed)
    #expect(f.heap.statistics.peakBytesInUse == 128)
}
