import Testing
@testable import MemoryMap

@Suite struct MergeTests {
    let rw: Permissions = [.read, .write]

    @Test func adjacentEqualRegionsMerge() {
        let m = mergeRegions([
            Region(start: 0x2000, end: 0x3000, permissions: rw, name: "heap", kind: "heap"),
            Region(start: 0x1000, end: 0x2000, permissions: rw, name: "heap", kind: "heap"),
            Region(start: 0x3000, end: 0x4000, permissions: rw, name: "heap", kind: "heap"),
        ])
        #expect(m.regions == [Region(start: 0x1000, end: 0x4000, permissions: rw, name: "heap", kind: "heap")])
        #expect(m.issues.isEmpty)
    }

    @Test func differentAttributesDoNotMerge() {
        let m = mergeRegions([
            Region(start: 0x1000, end: 0x2000, permissions: rw, name: "a", kind: "heap"),
            Region(start: 0x2000, end: 0x3000, permissions: [.read], name: "a", kind: "heap"),
            Region(start: 0x3000, end: 0x4000, permissions: [.read], name: "b", kind: "heap"),
            Region(start: 0x4000, end: 0x5000, permissions: [.read], name: "b", kind: "stack"),
        ])
        #expect(m.regions.count == 4)
        #expect(m.issues.isEmpty)
    }

    @Test func gapPreventsMerge() {
        let m = mergeRegions([
            Region(start: 0x1000, end: 0x2000, permissions: rw, name: "a", kind: "heap"),
            Region(start: 0x2001, end: 0x3000, permissions: rw, name: "a", kind: "heap"),
        ])
        #expect(m.regions.count == 2)
    }

    @Test func overlapIsReportedNotMerged() {
        let a = Region(start: 0x1000, end: 0x3000, permissions: rw, name: "a", kind: "heap")
        let b = Region(start: 0x2000, end: 0x4000, permissions: rw, name: "a", kind: "heap")
        let m = mergeRegions([b, a])
        #expect(m.regions == [a, b])
        #expect(m.issues == [.overlap(a, b)])
        #expect(m.overlapping == [0, 1])
        // Rendering still works and marks the rows.
        let text = renderMemoryMap(m, options: RenderOptions(width: 100))
        #expect(text.contains("! overlap"))
        #expect(lines(text).contains { $0.hasPrefix("! 0x") })
    }

    @Test func overlapWithEarlierLongRegion() {
        let big = Region(start: 0x0, end: 0x10000, permissions: rw, name: "ram", kind: "RAM")
        let x = Region(start: 0x1000, end: 0x2000, permissions: rw, name: "x", kind: "heap")
        let y = Region(start: 0x2000, end: 0x3000, permissions: rw, name: "x", kind: "heap")
        let m = mergeRegions([big, x, y])
        #expect(m.issues.count == 2)
        #expect(m.regions.count == 3)
        _ = renderMemoryMap(m, options: RenderOptions(width: 60, scale: .linear))
        _ = renderMemoryMap(m, options: RenderOptions(width: 60, scale: .compressed))
    }

    @Test func invalidRangesAreDropped() {
        let bad = Region(start: 0x2000, end: 0x1000, name: "bad", kind: "heap")
        let empty = Region(start: 0x2000, end: 0x2000, name: "empty", kind: "heap")
        let m = mergeRegions([bad, empty])
        #expect(m.regions.isEmpty)
        #expect(m.issues == [.invalidRange(bad), .invalidRange(empty)])
        #expect(renderMemoryMap(m).contains("(no regions)"))
    }

    @Test func permissionsText() {
        #expect(Permissions([.read, .write]).description == "rw-")
        #expect(Permissions([.read, .execute, .user]).description == "r-xu")
        #expect(Permissions(parsing: "r-xp") == [.read, .execute])
        #expect(Permissions(parsing: "rz") == nil)
    }
}
