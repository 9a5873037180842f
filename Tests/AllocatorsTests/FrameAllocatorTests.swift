import Testing
import Allocators

/// Owns the bitmap storage a test's FrameAllocator works on.
struct FrameFixture: ~Copyable {
    let storage: UnsafeMutablePointer<UInt64>
    var allocator: FrameAllocator

    init(base: UInt64, frameCount: Int) {
        let words = FrameAllocator.bitmapWords(forFrames: frameCount)
        storage = .allocate(capacity: words)
        storage.initialize(repeating: 0xDEAD_BEEF, count: words)  // init must clear it
        allocator = FrameAllocator(bitmap: storage, words: words, base: base, frameCount: frameCount)
    }

    deinit { storage.deallocate() }
}

let page = FrameAllocator.frameSize

@Test func frameStartsReserved() {
    let f = FrameFixture(base: 0, frameCount: 100)
    var a = f.allocator
    #expect(a.allocate() == nil)
    #expect(!a.isFree(0))
    #expect(a.statistics == FrameStatistics(totalFrames: 0, freeFrames: 0, usedFrames: 0, trackedFrames: 100))
}

@Test func frameBitmapWords() {
    #expect(FrameAllocator.bitmapWords(forFrames: 0) == 0)
    #expect(FrameAllocator.bitmapWords(forFrames: 1) == 2)
    #expect(FrameAllocator.bitmapWords(forFrames: 64) == 2)
    #expect(FrameAllocator.bitmapWords(forFrames: 65) == 4)
}

@Test func frameAddRangeRoundsInwardAndClamps() {
    var f = FrameFixture(base: 0x10_0000, frameCount: 256)
    // Partial frames at both edges are not usable; the part below base and
    // above the tracked range is ignored.
    f.allocator.addFreeRange(start: 0x10_0000 + 100, end: 0x10_0000 + 10 * page + 5)
    #expect(f.allocator.statistics.totalFrames == 9)
    #expect(!f.allocator.isFree(0x10_0000))
    #expect(f.allocator.isFree(0x10_0000 + page))
    #expect(f.allocator.isFree(0x10_0000 + 9 * page))
    #expect(!f.allocator.isFree(0x10_0000 + 10 * page))
    f.allocator.addFreeRange(start: 0, end: UInt64.max)  // clamped, no overflow
    #expect(f.allocator.statistics.totalFrames == 256)
    // Adding again counts nothing twice.
    f.allocator.addFreeRange(start: 0, end: UInt64.max)
    #expect(f.allocator.statistics.totalFrames == 256)
    #expect(f.allocator.statistics.freeFrames == 256)
    // Ranges at the top of the address space neither overflow nor touch anything.
    f.allocator.reserveRange(start: UInt64.max - 10, end: UInt64.max)
    f.allocator.addFreeRange(start: UInt64.max - 5000, end: UInt64.max)
    #expect(f.allocator.free(UInt64.max - 4095) == .outOfRange)
    #expect(f.allocator.statistics.freeFrames == 256)
    // A sub-frame range adds nothing.
    var g = FrameFixture(base: 0, frameCount: 8)
    g.allocator.addFreeRange(start: 10, end: 4000)
    #expect(g.allocator.statistics.totalFrames == 0)
}

@Test func frameReserveOverlapsFreeRanges() {
    var f = FrameFixture(base: 0, frameCount: 1024)
    f.allocator.addFreeRange(start: 0, end: 512 * page)
    f.allocator.addFreeRange(start: 600 * page, end: 1024 * page)
    #expect(f.allocator.statistics.totalFrames == 936)
    // Rounded outward: bytes 100..(2 pages + 1) touch frames 0, 1 and 2.
    f.allocator.reserveRange(start: 100, end: 2 * page + 1)
    // Straddles the hole between the two RAM ranges.
    f.allocator.reserveRange(start: 500 * page, end: 610 * page)
    let s = f.allocator.statistics
    #expect(s.totalFrames == 936)
    #expect(s.usedFrames == 3 + 12 + 10)
    #expect(s.freeFrames == 936 - 25)
    #expect(!f.allocator.isFree(2 * page))
    #expect(f.allocator.isFree(3 * page))
    #expect(!f.allocator.isFree(609 * page))
    #expect(f.allocator.isFree(610 * page))
    // Reserving twice changes nothing.
    f.allocator.reserveRange(start: 0, end: 3 * page)
    #expect(f.allocator.statistics == s)
}

@Test func frameReserveBeforeAddIsKept() {
    var f = FrameFixture(base: 0, frameCount: 64)
    f.allocator.reserveRange(start: 4 * page, end: 8 * page)  // kernel image, reserved first
    f.allocator.addFreeRange(start: 0, end: 64 * page)
    #expect(f.allocator.statistics.totalFrames == 64)
    #expect(f.allocator.statistics.usedFrames == 4)
    for frame in 4..<8 { #expect(!f.allocator.isFree(UInt64(frame) * page)) }
}

@Test func frameAllocateUntilExhaustion() {
    var f = FrameFixture(base: 0x20_0000, frameCount: 1000)
    f.allocator.addFreeRange(start: 0x20_0000, end: 0x20_0000 + 300 * page)
    f.allocator.addFreeRange(start: 0x20_0000 + 400 * page, end: 0x20_0000 + 1000 * page)
    f.allocator.reserveRange(start: 0x20_0000 + 10 * page, end: 0x20_0000 + 20 * page)
    let expected = f.allocator.statistics.freeFrames
    #expect(expected == 890)
    var seen = Set<UInt64>()
    var last: UInt64 = 0
    while let frame = f.allocator.allocate() {
        #expect(frame % page == 0)
        #expect(frame > last || seen.isEmpty)  // lowest first
        #expect(!f.allocator.isFree(frame))
        #expect(seen.insert(frame).inserted)
        last = frame
    }
    #expect(seen.count == expected)
    #expect(f.allocator.statistics.freeFrames == 0)
    #expect(f.allocator.statistics.usedFrames == 900)
    #expect(!seen.contains(0x20_0000 + 10 * page))
    #expect(!seen.contains(0x20_0000 + 350 * page))
}

@Test func frameFreeAndReuse() {
    var f = FrameFixture(base: 0, frameCount: 200)
    f.allocator.addFreeRange(start: 0, end: 200 * page)
    var frames: [UInt64] = []
    for _ in 0..<200 { frames.append(f.allocator.allocate()!) }
    #expect(f.allocator.allocate() == nil)
    #expect(f.allocator.free(frames[150]) == .freed)
    #expect(f.allocator.free(frames[7]) == .freed)
    #expect(f.allocator.statistics.freeFrames == 2)
    // The search hint moves back down: the lowest freed frame comes first.
    #expect(f.allocator.allocate() == frames[7])
    #expect(f.allocator.allocate() == frames[150])
    #expect(f.allocator.allocate() == nil)
}

@Test func frameBadFreesDetected() {
    var f = FrameFixture(base: 0x10_0000, frameCount: 64)
    f.allocator.addFreeRange(start: 0x10_0000, end: 0x10_0000 + 32 * page)
    let frame = f.allocator.allocate()!
    #expect(f.allocator.free(frame + 8) == .misaligned)
    #expect(f.allocator.free(0x1000) == .outOfRange)
    #expect(f.allocator.free(0x10_0000 + 64 * page) == .outOfRange)
    #expect(f.allocator.free(frame) == .freed)
    #expect(f.allocator.free(frame) == .notAllocated)            // double free
    #expect(f.allocator.free(0x10_0000 + 40 * page) == .notAllocated)  // not RAM
    #expect(f.allocator.statistics.freeFrames == 32)
}

@Test func frameFreeingReservedRamReclaimsIt() {
    var f = FrameFixture(base: 0, frameCount: 16)
    f.allocator.addFreeRange(start: 0, end: 16 * page)
    f.allocator.reserveRange(start: 0, end: 4 * page)  // boot structures
    #expect(f.allocator.free(2 * page) == .freed)
    #expect(f.allocator.statistics.freeFrames == 13)
}

@Test func frameContiguousWithAlignment() {
    // A base that is not 2 MiB aligned, to check alignment is by address.
    let base: UInt64 = 0x10_3000
    var f = FrameFixture(base: base, frameCount: 4096)
    f.allocator.addFreeRange(start: base, end: base + 4096 * page)
    let one = f.allocator.allocate()!
    #expect(one == base)
    let run = f.allocator.allocateContiguous(count: 16)!
    #expect(run == base + page)
    for i in 0..<16 { #expect(!f.allocator.isFree(run + UInt64(i) * page)) }
    let big = f.allocator.allocateContiguous(count: 512, alignment: 0x20_0000)!
    #expect(big % 0x20_0000 == 0)
    #expect(big == 0x20_0000)
    let aligned64k = f.allocator.allocateContiguous(count: 3, alignment: 0x1_0000)!
    #expect(aligned64k % 0x1_0000 == 0)
    #expect(aligned64k == 0x12_0000)  // 0x11_0000 is inside the 16-frame run
    #expect(f.allocator.statistics.freeFrames == 4096 - 1 - 16 - 512 - 3)
    #expect(f.allocator.allocateContiguous(count: 4097) == nil)
    #expect(f.allocator.allocateContiguous(count: 0) == nil)
    #expect(f.allocator.allocateContiguous(count: 1, alignment: 3 * page) == nil)
    for i in 0..<3 { #expect(f.allocator.free(aligned64k + UInt64(i) * page) == .freed) }
}

@Test func frameContiguousSkipsHoles() {
    var f = FrameFixture(base: 0, frameCount: 256)
    f.allocator.addFreeRange(start: 0, end: 256 * page)
    // Reserve every 10th frame: gaps of 9 free frames.
    for i in stride(from: 0, to: 256, by: 10) {
        f.allocator.reserveRange(start: UInt64(i) * page, end: UInt64(i) * page + 1)
    }
    #expect(f.allocator.allocateContiguous(count: 10) == nil)
    let nine = f.allocator.allocateContiguous(count: 9)!
    #expect(nine == 1 * page)
    // Frames 251..255 (5 free) are the only tail; 6 must come from a 9-gap.
    let six = f.allocator.allocateContiguous(count: 6)!
    #expect(six == 11 * page)
    // Exhaust with single frames, then no run at all.
    while f.allocator.allocate() != nil {}
    #expect(f.allocator.allocateContiguous(count: 1) == nil)
}

@Test func frameStatisticsStayConsistent() {
    var f = FrameFixture(base: 0, frameCount: 2000)
    f.allocator.addFreeRange(start: 0, end: 1500 * page)
    f.allocator.reserveRange(start: 0, end: 100 * page)
    var rng = XorShift(seed: 42)
    var live: [UInt64] = []
    for _ in 0..<5000 {
        if live.isEmpty || rng.next() % 3 != 0 {
            if rng.next() % 8 == 0, let run = f.allocator.allocateContiguous(count: 4, alignment: 4 * page) {
                for i in 0..<4 { live.append(run + UInt64(i) * page) }
            } else if let frame = f.allocator.allocate() {
                live.append(frame)
            }
        } else {
            let index = Int(rng.next() % UInt64(live.count))
            #expect(f.allocator.free(live.removeSwapping(at: index)) == .freed)
        }
        let s = f.allocator.statistics
        #expect(s.usedFrames == 100 + live.count)
        #expect(s.totalFrames == s.freeFrames + s.usedFrames)
    }
    #expect(Set(live).count == live.count)
}

extension Array {
    /// Removes the element at `index` in O(1) by swapping the last one in.
    mutating func removeSwapping(at index: Int) -> Element {
        swapAt(index, count - 1)
        return removeLast()
    }
}
