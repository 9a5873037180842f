import Testing
@testable import Paging

@Suite struct MapErrorTests {
    @Test func misaligned() {
        var (mapper, frames) = makeMapper()
        #expect(throws: MapError.misaligned(virtual: 0x1234, physical: 0x1000)) {
            try mapper.map(virtual: 0x1234, physical: 0x1000, size: .size4K, flags: [], frames: &frames)
        }
        #expect(throws: MapError.misaligned(virtual: 0x20_0000, physical: 0x1000)) {
            try mapper.map(virtual: 0x20_0000, physical: 0x1000, size: .size2M, flags: [], frames: &frames)
        }
        #expect(throws: MapError.misaligned(virtual: 0x20_0000, physical: 0x4000_0000)) {
            try mapper.map(virtual: 0x20_0000, physical: 0x4000_0000, size: .size1G, flags: [], frames: &frames)
        }
        #expect(throws: MapError.misaligned(virtual: 0, physical: 0x0010_0000_0000_0000)) {
            try mapper.map(virtual: 0, physical: 0x0010_0000_0000_0000, size: .size4K, flags: [], frames: &frames)
        }
        #expect(frames.handedOut == 0)
    }

    @Test func nonCanonical() {
        var (mapper, frames) = makeMapper()
        #expect(throws: MapError.nonCanonical(0x0000_8000_0000_0000)) {
            try mapper.map(virtual: 0x0000_8000_0000_0000, physical: 0, size: .size4K, flags: [], frames: &frames)
        }
        #expect(throws: MapError.nonCanonical(0x1234_0000_0000_0000)) {
            _ = try mapper.unmap(virtual: 0x1234_0000_0000_0000)
        }
        #expect(throws: MapError.nonCanonical(0xffff_0000_0000_0000)) {
            try mapper.protect(virtual: 0xffff_0000_0000_0000, flags: [])
        }
        #expect(mapper.translate(0x0000_8000_0000_0000) == nil)
        #expect(mapper.steps(0x0000_8000_0000_0000).isEmpty)
    }

    @Test func alreadyMapped() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x1000, physical: 0x2000, size: .size4K, flags: [], frames: &frames)
        #expect(throws: MapError.alreadyMapped(0x1000)) {
            try mapper.map(virtual: 0x1000, physical: 0x5000, size: .size4K, flags: [], frames: &frames)
        }
        // A 2 MiB page over a region that already has a page table.
        #expect(throws: MapError.alreadyMapped(0)) {
            try mapper.map(virtual: 0, physical: 0, size: .size2M, flags: [], frames: &frames)
        }
        #expect(mapper.translate(0x1000)?.physicalAddress == 0x2000)
    }

    @Test func hugePageInTheWay() throws {
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x20_0000, physical: 0x20_0000, size: .size2M, flags: [], frames: &frames)
        #expect(throws: MapError.hugePageInTheWay(0x20_1000)) {
            try mapper.map(virtual: 0x20_1000, physical: 0x1000, size: .size4K, flags: [], frames: &frames)
        }
        try mapper.map(virtual: 0x4000_0000, physical: 0, size: .size1G, flags: [], frames: &frames)
        #expect(throws: MapError.hugePageInTheWay(0x4020_0000)) {
            try mapper.map(virtual: 0x4020_0000, physical: 0, size: .size2M, flags: [], frames: &frames)
        }
        // A huge page over a huge page is simply already mapped.
        #expect(throws: MapError.alreadyMapped(0x20_0000)) {
            try mapper.map(virtual: 0x20_0000, physical: 0x40_0000, size: .size2M, flags: [], frames: &frames)
        }
    }

    @Test func outOfFrames() throws {
        var (mapper, frames) = makeMapper(frameLimit: 2)
        #expect(throws: MapError.outOfFrames) {
            try mapper.map(virtual: 0x1000, physical: 0x2000, size: .size4K, flags: [], frames: &frames)
        }
        #expect(mapper.translate(0x1000) == nil)
        // Two tables were enough for a 2 MiB page, and they are reused.
        try mapper.map(virtual: 0x20_0000, physical: 0x20_0000, size: .size2M, flags: [], frames: &frames)
        #expect(mapper.translate(0x20_0000) != nil)
        #expect(throws: MapError.outOfFrames) {
            try mapper.mapRange(virtual: 0x40_0000, physical: 0, length: 0x3000, flags: [], allowHuge: false, frames: &frames)
        }
    }

    @Test func unmapOfUnmapped() throws {
        var (mapper, frames) = makeMapper()
        #expect(throws: MapError.notMapped(0x1000)) { _ = try mapper.unmap(virtual: 0x1000) }
        try mapper.map(virtual: 0x1000, physical: 0x2000, size: .size4K, flags: [], frames: &frames)
        #expect(throws: MapError.notMapped(0x2000)) { _ = try mapper.unmap(virtual: 0x2000) }
        #expect(throws: MapError.notMapped(0x3000)) { try mapper.protect(virtual: 0x3000, flags: []) }
    }
}
