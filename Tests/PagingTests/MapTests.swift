import Testing
@testable import Paging

@Suite struct MapTests {
    @Test func maps4KAndTranslatesOffsets() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0xdead_b000, physical: 0x12_3000, size: .size4K, flags: [.writable], frames: &frames)
        let t = try #require(mapper.translate(0xdead_beef))
        #expect(t.physicalAddress == 0x12_3eef)
        #expect(t.pageSize == .size4K)
        #expect(t.flags == [.present, .writable])
        #expect(mapper.translate(0xdead_b000)?.physicalAddress == 0x12_3000)
        #expect(mapper.translate(0xdead_c000) == nil)
        #expect(mapper.translate(0xdead_a000) == nil)
        #expect(frames.handedOut == 3)  // PDPT, PD, PT
    }

    @Test func maps2M() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x4060_0000, physical: 0x8000_0000, size: .size2M, flags: [.writable, .global], frames: &frames)
        let t = try #require(mapper.translate(0x4060_0000 + 0x1_2345))
        #expect(t.physicalAddress == 0x8001_2345)
        #expect(t.pageSize == .size2M)
        #expect(t.flags == [.present, .writable, .global, .huge])
        #expect(mapper.translate(0x407f_ffff)?.physicalAddress == 0x801f_ffff)
        #expect(mapper.translate(0x4080_0000) == nil)
        #expect(frames.handedOut == 2)  // PDPT, PD
    }

    @Test func maps1GInUpperHalf() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0xffff_8000_4000_0000, physical: 0x1_0000_0000, size: .size1G, flags: [.noExecute], frames: &frames)
        let t = try #require(mapper.translate(0xffff_8000_4abc_def0))
        #expect(t.physicalAddress == 0x1_0abc_def0)
        #expect(t.pageSize == .size1G)
        #expect(t.flags == [.present, .huge, .noExecute])
        #expect(frames.handedOut == 1)  // PDPT
    }

    @Test func leafFlagsAreStoredAtTheLeaf() throws {
        var (mapper, frames) = makeMapper()
        let flags: X86PageFlags = [.writable, .user, .writeThrough, .cacheDisable, .global, .noExecute]
        try mapper.map(virtual: 0x1000, physical: 0x2000, size: .size4K, flags: flags, frames: &frames)
        let last = try #require(mapper.steps(0x1000).last)
        #expect("\(last.levelName)" == "PT")
        #expect(last.entry.flags == flags.union(.present))
        #expect(last.entry.physicalAddress == 0x2000)
    }

    @Test func intermediateTablesAreWritableNeverNXAndUserOnlyForUserLeaves() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x40_0000, physical: 0x1000, size: .size4K, flags: [.noExecute], frames: &frames)
        for step in mapper.steps(0x40_0000).dropLast() {
            #expect(step.entry.flags == [.present, .writable], "\(step.levelName)")
        }
        // A user leaf elsewhere gets user intermediates.
        try mapper.map(virtual: 0x8000_0000_0000 - 0x1000, physical: 0x3000, size: .size4K, flags: [.user], frames: &frames)
        for step in mapper.steps(0x8000_0000_0000 - 0x1000).dropLast() {
            #expect(step.entry.flags == [.present, .writable, .user], "\(step.levelName)")
        }
    }

    @Test func existingIntermediatesAreWidenedForAUserLeaf() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x40_0000, physical: 0x1000, size: .size4K, flags: [.writable], frames: &frames)
        try mapper.map(virtual: 0x40_1000, physical: 0x2000, size: .size4K, flags: [.user], frames: &frames)
        #expect(frames.handedOut == 3)  // the second page reused all tables
        for step in mapper.steps(0x40_0000).dropLast() {
            #expect(step.entry.flags.contains(.user), "\(step.levelName)")
        }
        // The kernel page itself stays supervisor-only.
        #expect(mapper.translate(0x40_0000)?.flags == [.present, .writable])
    }

    @Test func existingNXIntermediateIsClearedForAnExecutableLeaf() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x40_0000, physical: 0x1000, size: .size4K, flags: [], frames: &frames)
        // Someone else marks the PML4 entry NX.
        let pml4 = mapper.memory.table(at: mapper.rootAddress)
        pml4[0] |= X86PageFlags.noExecute.rawValue
        try mapper.map(virtual: 0x40_1000, physical: 0x2000, size: .size4K, flags: [.noExecute], frames: &frames)
        #expect(pml4[0] & X86PageFlags.noExecute.rawValue != 0)  // NX leaf: left alone
        try mapper.map(virtual: 0x40_2000, physical: 0x3000, size: .size4K, flags: [], frames: &frames)
        #expect(pml4[0] & X86PageFlags.noExecute.rawValue == 0)
    }

    @Test func newTablesAreZeroedEvenFromDirtyFrames() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x1000, physical: 0x2000, size: .size4K, flags: [], frames: &frames)
        // FakeFrames fills frames with garbage that has P set; none may show.
        #expect(mapper.leaves().count == 1)
        #expect(mapper.translate(0x2000) == nil)
    }

    @Test func hugeFlagIsDerivedFromTheSize() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x1000, physical: 0x2000, size: .size4K, flags: [.huge, .writable], frames: &frames)
        #expect(mapper.translate(0x1000)?.pageSize == .size4K)
        #expect(mapper.translate(0x1000)?.flags == [.present, .writable])
    }
}
