import Testing
@testable import MemoryMap

@Suite struct BarTests {
    @Test func linearWidthsAreProportional() {
        let regions = [
            Region(start: 0, end: 0x1000, name: "a", kind: "RAM"),
            Region(start: 0x1000, end: 0x4000, name: "b", kind: "heap"),
            Region(start: 0x4000, end: 0x8000, name: "gap follows", kind: "stack"),
            Region(start: 0xC000, end: 0x10000, name: "d", kind: "MMIO"),
        ]
        let layout = BarLayout(regions: regions, width: 64, scale: .linear)
        #expect(layout.scale == .linear)
        #expect(layout.width == 64)
        // 64 columns for 64 KiB: one column per KiB.
        #expect(layout.columns(ofRegion: 0) == 4)
        #expect(layout.columns(ofRegion: 1) == 12)
        #expect(layout.columns(ofRegion: 2) == 16)
        #expect(layout.segments.contains(BarSegment(piece: .gap(0x4000), columns: 16)))
        #expect(layout.columns(ofRegion: 3) == 16)
        // Auto picks linear when everything is visible.
        #expect(BarLayout(regions: regions, width: 64, scale: .auto).scale == .linear)
    }

    @Test func linearRoundingStaysWithinOneColumn() {
        let regions = [
            Region(start: 0, end: 1000, name: "a", kind: "x"),
            Region(start: 1000, end: 3333, name: "b", kind: "y"),
            Region(start: 3333, end: 10000, name: "c", kind: "z"),
        ]
        let layout = BarLayout(regions: regions, width: 37, scale: .linear)
        #expect(layout.width == 37)
        for (i, r) in regions.enumerated() {
            let exact = Double(r.size) / 10000 * 37
            #expect(abs(Double(layout.columns(ofRegion: i)) - exact) < 1)
        }
    }

    @Test(arguments: [20, 40, 80, 132])
    func compressedKeepsEveryRegionVisible(width: Int) {
        let map = mergeRegions(kernelLike)
        let layout = BarLayout(regions: map.regions, width: width, scale: .compressed)
        #expect(layout.width <= width)
        for i in map.regions.indices { #expect(layout.columns(ofRegion: i) >= 1) }
    }

    @Test func sparseLayoutShowsBreaks() {
        let map = mergeRegions(kernelLike)
        let layout = BarLayout(regions: map.regions, width: 100, scale: .auto)
        #expect(layout.scale == .compressed)
        let breaks = layout.segments.compactMap { seg -> UInt64? in
            if case .gapBreak(let g) = seg.piece { return g }
            return nil
        }
        // Between the APIC page and the heap, and between the heap and the stacks.
        #expect(breaks.count >= 2)
        #expect(breaks.contains(0x0000_4000_0000_0000 - 0xFEE0_1000))
        let text = renderMemoryMap(map, options: RenderOptions(width: 100))
        let bar = lines(text)[1]
        #expect(bar.contains("┄64T┄"))
        #expect(bar.contains("┄"))
        #expect(text.contains("compressed scale"))
    }

    @Test func linearScaleHidesTinyRegionsInSparseSpace() {
        let map = mergeRegions(kernelLike)
        let layout = BarLayout(regions: map.regions, width: 80, scale: .linear)
        #expect(layout.columns(ofRegion: 0) == 0)
        #expect(layout.width == 80)
    }

    @Test func tinyWidthsNeverCrash() {
        for w in [0, 1, 2, 3, 5, 8] {
            for scale in [Scale.linear, .compressed, .auto] {
                let text = renderMemoryMap(kernelLike, options: RenderOptions(width: w, scale: scale))
                for line in lines(text) { #expect(visibleWidth(line) <= max(1, w)) }
            }
        }
    }
}
