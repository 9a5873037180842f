import Testing
@testable import Paging

@Suite struct MappedRangeTests {
    @Test func mergesAdjacentPagesWithEqualFlags() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x1000, physical: 0x9000, size: .size4K, flags: [.writable], frames: &frames)
        try mapper.map(virtual: 0x2000, physical: 0xa000, size: .size4K, flags: [.writable], frames: &frames)
        let ranges = mapper.ranges()
        #expect(ranges.count == 1)
        #expect(ranges.first?.virtual == 0x1000)
        #expect(ranges.first?.physical == 0x9000)
        #expect(ranges.first?.length == 0x2000)
        #expect(ranges.first?.flags == [.present, .writable])
    }

    @Test func splitsOnDifferentFlags() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x1000, physical: 0x9000, size: .size4K, flags: [.writable], frames: &frames)
        try mapper.map(virtual: 0x2000, physical: 0xa000, size: .size4K, flags: [.writable, .noExecute], frames: &frames)
        #expect(mapper.ranges().map(\.length) == [0x1000, 0x1000])
    }

    @Test func splitsOnPhysicalOrVirtualGaps() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x1000, physical: 0x9000, size: .size4K, flags: [], frames: &frames)
        try mapper.map(virtual: 0x2000, physical: 0xc000, size: .size4K, flags: [], frames: &frames)
        try mapper.map(virtual: 0x4000, physical: 0xe000, size: .size4K, flags: [], frames: &frames)
        #expect(mapper.ranges().map(\.virtual) == [0x1000, 0x2000, 0x4000])
    }

    @Test func mergesAcrossPageSizesAndTables() throws {
        var (mapper, frames) = makeMapper()
        // 4K pages up to 2 MiB, a 2M page, then 4K pages: one identity range.
        try mapper.mapRange(virtual: 0x1f_e000, physical: 0x1f_e000, length: 0x2000 + 0x20_0000 + 0x1000,
                            flags: [.writable], allowHuge: true, frames: &frames)
        #expect(mapper.leaves().count == 4)
        let ranges = mapper.ranges()
        #expect(ranges.count == 1)
        #expect(ranges.first?.length == 0x20_3000)
        #expect(ranges.first?.flags == [.present, .writable])
    }

    @Test func accessedAndDirtyDoNotSplitByDefault() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x1000, physical: 0x9000, size: .size4K, flags: [.accessed, .dirty], frames: &frames)
        try mapper.map(virtual: 0x2000, physical: 0xa000, size: .size4K, flags: [], frames: &frames)
        #expect(mapper.ranges().count == 1)
        var strict = 0
        mapper.forEachMappedRange(ignoring: []) { _, _, _, _ in strict += 1 }
        #expect(strict == 2)
    }

    @Test func upperHalfIsSignExtendedAndSortedAfterLowerHalf() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0xffff_ffff_8000_0000, physical: 0x20_0000, size: .size2M, flags: [.global], frames: &frames)
        try mapper.map(virtual: 0xffff_8000_0000_0000, physical: 0x1000, size: .size4K, flags: [], frames: &frames)
        try mapper.map(virtual: 0x7fff_ffff_f000, physical: 0x2000, size: .size4K, flags: [], frames: &frames)
        let ranges = mapper.ranges()
        // The lower-half top page and the upper-half bottom page are not contiguous.
        #expect(ranges.map(\.virtual) == [0x7fff_ffff_f000, 0xffff_8000_0000_0000, 0xffff_ffff_8000_0000])
        #expect(ranges.last?.length == 0x20_0000)
        #expect(ranges.last?.flags == [.present, .global])
    }

    @Test func emptyTablesHaveNoRanges() {
        let (mapper, _) = makeMapper()
        #expect(mapper.ranges().isEmpty)
    }
}
