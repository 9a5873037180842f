import Testing
@testable import Paging

@Suite struct UnmapProtectTests {
    @Test func unmapReturnsTheOldTranslation() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x1000, physical: 0x2000, size: .size4K, flags: [.writable], frames: &frames)
        try mapper.map(virtual: 0x2000, physical: 0x3000, size: .size4K, flags: [], frames: &frames)
        let old = try mapper.unmap(virtual: 0x1000)
        #expect(old == X86Translation(physicalAddress: 0x2000, flags: [.present, .writable], pageSize: .size4K))
        #expect(mapper.translate(0x1000) == nil)
        #expect(mapper.translate(0x2000)?.physicalAddress == 0x3000)
    }

    @Test func unmapsHugePagesFromInside() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x4000_0000, physical: 0x8000_0000, size: .size1G, flags: [], frames: &frames)
        try mapper.map(virtual: 0x20_0000, physical: 0x60_0000, size: .size2M, flags: [], frames: &frames)
        let big = try mapper.unmap(virtual: 0x4000_1234)
        #expect(big.physicalAddress == 0x8000_1234)
        #expect(big.pageSize == .size1G)
        let mid = try mapper.unmap(virtual: 0x20_0000)
        #expect(mid.physicalAddress == 0x60_0000)
        #expect(mid.pageSize == .size2M)
        #expect(mapper.leaves().isEmpty)
        // The slots can be reused with a different size.
        try mapper.map(virtual: 0x4000_0000, physical: 0x1000, size: .size4K, flags: [], frames: &frames)
        #expect(mapper.translate(0x4000_0000)?.physicalAddress == 0x1000)
    }

    @Test func protectMakesAPageReadOnlyAndKeepsTheFrame() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x1000, physical: 0x7000, size: .size4K, flags: [.writable, .noExecute], frames: &frames)
        try mapper.protect(virtual: 0x1abc, flags: [.noExecute])
        #expect(mapper.translate(0x1000) == X86Translation(physicalAddress: 0x7000, flags: [.present, .noExecute], pageSize: .size4K))
    }

    @Test func protectKeepsHugePagesWhole() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x20_0000, physical: 0x40_0000, size: .size2M, flags: [.writable], frames: &frames)
        try mapper.protect(virtual: 0x30_0000, flags: [.global])
        let t = try #require(mapper.translate(0x20_0000))
        #expect(t.physicalAddress == 0x40_0000)
        #expect(t.pageSize == .size2M)
        #expect(t.flags == [.present, .global, .huge])
    }

    @Test func protectToUserWidensTables() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x1000, physical: 0x7000, size: .size4K, flags: [], frames: &frames)
        try mapper.protect(virtual: 0x1000, flags: [.user])
        for step in mapper.steps(0x1000) {
            #expect(step.entry.flags.contains(.user), "\(step.levelName)")
        }
    }
}
