import Paging

/// `frameCount` zeroed 4 KiB frames that pretend to live at physical
/// address `base`; the owner of the host buffer behind a `FakeTables`.
final class FakePhysicalMemory {
    let base: UInt64
    let frameCount: Int
    let words: UnsafeMutablePointer<UInt64>

    init(frameCount: Int, base: UInt64 = 0x7_0000_0000) {
        self.base = base
        self.frameCount = frameCount
        words = .allocate(capacity: frameCount * 512)
        words.initialize(repeating: 0, count: frameCount * 512)
    }

    deinit { words.deallocate() }

    var end: UInt64 { base + UInt64(frameCount) * 4096 }
}

/// `PageTableMemory` over a `FakePhysicalMemory`; traps on addresses
/// outside it, so a mapper that follows a wrong pointer fails loudly.
struct FakeTables: PageTableMemory {
    let physical: FakePhysicalMemory

    func table(at physicalAddress: UInt64) -> UnsafeMutablePointer<UInt64> {
        precondition(physicalAddress % 4096 == 0, "unaligned table address")
        precondition(physicalAddress >= physical.base && physicalAddress < physical.end, "table outside fake memory")
        return physical.words + Int((physicalAddress - physical.base) / 8)
    }
}

/// Hands out the frames of a `FakePhysicalMemory` in order, dirtying each
/// first (the mapper must zero new tables itself or rely on zeroed frames;
/// dirt here proves it zeroes), until `limit` frames have been given.
struct FakeFrames: PageTableFrameSource {
    let physical: FakePhysicalMemory
    var next: Int
    var limit: Int
    var handedOut = 0

    mutating func allocateTableFrame() -> UInt64? {
        guard next < physical.frameCount, handedOut < limit else { return nil }
        defer { next += 1; handedOut += 1 }
        (physical.words + next * 512).update(repeating: 0xDEAD_BEEF_0000_0001, count: 512)
        return physical.base + UInt64(next) * 4096
    }
}

/// A mapper whose PML4 is the first frame of fresh fake memory, and a
/// frame source over the rest (at most `frameLimit` frames).
func makeMapper(frames: Int = 64, frameLimit: Int = .max)
    -> (mapper: X86PageMapper<FakeTables>, frames: FakeFrames)
{
    let physical = FakePhysicalMemory(frameCount: frames)
    let mapper = X86PageMapper(rootAddress: physical.base, memory: FakeTables(physical: physical))
    return (mapper, FakeFrames(physical: physical, next: 1, limit: frameLimit))
}

extension X86PageMapper {
    /// Every present leaf, for counting.
    func leaves() -> [(virtual: UInt64, size: X86PageSize)] {
        var found: [(virtual: UInt64, size: X86PageSize)] = []
        forEachLeaf { virtual, _, size in found.append((virtual, size)) }
        return found
    }

    /// Every merged range, as tuples.
    func ranges() -> [(virtual: UInt64, physical: UInt64, length: UInt64, flags: X86PageFlags)] {
        var found: [(virtual: UInt64, physical: UInt64, length: UInt64, flags: X86PageFlags)] = []
        forEachMappedRange { found.append(($0, $1, $2, $3)) }
        return found
    }

    /// The steps of `walk(virtual)`.
    func steps(_ virtual: UInt64) -> [X86WalkStep] {
        var found: [X86WalkStep] = []
        walk(virtual) { found.append($0) }
        return found
    }
}

