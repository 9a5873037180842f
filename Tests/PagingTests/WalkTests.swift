import Testing
@testable import Paging

@Suite struct WalkTests {
    @Test func fullWalkVisitsFourLevels() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0xdead_b000, physical: 0x12_3000, size: .size4K, flags: [.writable], frames: &frames)
        let steps = mapper.steps(0xdead_beef)
        #expect(steps.map { "\($0.levelName)" } == ["PML4", "PDPT", "PD", "PT"])
        #expect(steps.map(\.depth) == [0, 1, 2, 3])
        #expect(steps.map(\.index) == [0, 3, 245, 219])
        #expect(steps[0].tableAddress == mapper.rootAddress)
        for (outer, inner) in zip(steps, steps.dropFirst()) {
            #expect(inner.tableAddress == outer.entry.physicalAddress)
        }
        #expect(steps[3].entry.physicalAddress == 0x12_3000)
    }

    @Test func stopsAtHugeLeaf() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0xffff_8000_0020_0000, physical: 0x20_0000, size: .size2M, flags: [], frames: &frames)
        let steps = mapper.steps(0xffff_8000_0020_1234)
        #expect(steps.map { "\($0.levelName)" } == ["PML4", "PDPT", "PD"])
        #expect(steps[0].index == 256)
        #expect(steps[2].entry.flags.contains(.huge))
        try mapper.map(virtual: 0x4000_0000, physical: 0, size: .size1G, flags: [], frames: &frames)
        #expect(mapper.steps(0x4000_0000).count == 2)
    }

    @Test func stopsAtNonPresentEntry() throws {
        var (mapper, frames) = makeMapper()
        #expect(mapper.steps(0x1000).count == 1)
        #expect(mapper.steps(0x1000)[0].entry == X86PageTableEntry(rawValue: 0))
        try mapper.map(virtual: 0x1000, physical: 0x2000, size: .size4K, flags: [], frames: &frames)
        // Same PT, empty slot: four steps, the last one not present.
        let steps = mapper.steps(0x5000)
        #expect(steps.count == 4)
        #expect(steps[3].entry.isPresent == false)
        // Other PD slot: stops at the PD.
        #expect(mapper.steps(0x20_0000).count == 3)
    }
}
