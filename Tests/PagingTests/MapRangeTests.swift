import Testing
@testable import Paging

@Suite struct MapRangeTests {
    private func counts(_ leaves: [(virtual: UInt64, size: X86PageSize)]) -> (k4: Int, m2: Int, g1: Int) {
        (leaves.filter { $0.size == .size4K }.count,
         leaves.filter { $0.size == .size2M }.count,
         leaves.filter { $0.size == .size1G }.count)
    }

    @Test func usesHugePagesWhenAlignedAnd4KAtTheEdges() throws {
        var (mapper, frames) = makeMapper()
        // [1 GiB - 8 KiB, 2 GiB + 2 MiB + 12 KiB): 2 small, one 1G, one 2M, 3 small.
        let start: UInt64 = 0x4000_0000 - 0x2000
        let length: UInt64 = 0x2000 + 0x4000_0000 + 0x20_0000 + 0x3000
        try mapper.mapRange(virtual: start, physical: start, length: length, flags: [.writable], allowHuge: true, frames: &frames)
        let c = counts(mapper.leaves())
        #expect(c.k4 == 5)
        #expect(c.m2 == 1)
        #expect(c.g1 == 1)
        for probe in [start, 0x4000_0000, 0x7fff_ffff, 0x8000_0000, 0x8020_0000, start + length - 1] {
            #expect(mapper.translate(probe)?.physicalAddress == probe)
        }
        #expect(mapper.translate(start + length) == nil)
        #expect(mapper.translate(start - 1) == nil)
    }

    @Test func usesTwoMegabytePagesBelowAGigabyte() throws {
        var (mapper, frames) = makeMapper()
        try mapper.mapRange(virtual: 0xffff_8000_0000_0000, physical: 0, length: 0x80_0000, flags: [], allowHuge: true, frames: &frames)
        #expect(counts(mapper.leaves()) == (0, 4, 0))
        #expect(mapper.translate(0xffff_8000_0012_3456)?.physicalAddress == 0x12_3456)
    }

    @Test func forces4KWithoutAllowHuge() throws {
        var (mapper, frames) = makeMapper()
        try mapper.mapRange(virtual: 0x20_0000, physical: 0x20_0000, length: 0x40_0000, flags: [.writable], allowHuge: false, frames: &frames)
        #expect(counts(mapper.leaves()) == (1024, 0, 0))
        #expect(frames.handedOut == 4)  // PDPT, PD, 2 PTs
    }

    @Test func largestPageSizeCapsAtTwoMegabytes() throws {
        var (mapper, frames) = makeMapper()
        try mapper.mapRange(virtual: 0, physical: 0, length: 0x4000_0000, flags: [], largestPageSize: .size2M, frames: &frames)
        #expect(counts(mapper.leaves()) == (0, 512, 0))
    }

    @Test func differentAlignmentOfPhysicalForces4K() throws {
        var (mapper, frames) = makeMapper()
        // Virtual 2M-aligned, physical only 4K-aligned: no huge page possible.
        try mapper.mapRange(virtual: 0x20_0000, physical: 0x1000, length: 0x20_0000, flags: [], allowHuge: true, frames: &frames)
        #expect(counts(mapper.leaves()) == (512, 0, 0))
    }

    @Test func zeroLengthDoesNothing() throws {
        var (mapper, frames) = makeMapper()
        try mapper.mapRange(virtual: 0x1000, physical: 0x1000, length: 0, flags: [], allowHuge: true, frames: &frames)
        #expect(mapper.leaves().isEmpty)
        #expect(frames.handedOut == 0)
    }

    @Test func rejectsBadRanges() {
        var (mapper, frames) = makeMapper()
        #expect(throws: MapError.misaligned(virtual: 0x1000, physical: 0x2000)) {
            try mapper.mapRange(virtual: 0x1000, physical: 0x2000, length: 0x1234, flags: [], allowHuge: true, frames: &frames)
        }
        #expect(throws: MapError.misaligned(virtual: 0x1001, physical: 0x2000)) {
            try mapper.mapRange(virtual: 0x1001, physical: 0x2000, length: 0x1000, flags: [], allowHuge: true, frames: &frames)
        }
        #expect(throws: MapError.nonCanonical(0x0000_8000_0000_0000)) {
            try mapper.mapRange(virtual: 0x7fff_ffff_f000, physical: 0, length: 0x2000, flags: [], allowHuge: true, frames: &frames)
        }
        #expect(throws: MapError.nonCanonical(0xffff_ffff_ffff_f000)) {
            try mapper.mapRange(virtual: 0xffff_ffff_ffff_f000, physical: 0, length: 0x2000, flags: [], allowHuge: true, frames: &frames)
        }
        #expect(throws: MapError.misaligned(virtual: 0, physical: 0x000f_ffff_ffff_f000)) {
            try mapper.mapRange(virtual: 0, physical: 0x000f_ffff_ffff_f000, length: 0x2000, flags: [], allowHuge: true, frames: &frames)
        }
        #expect(mapper.leaves().isEmpty)
    }
}
