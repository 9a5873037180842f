import TestSupport
import Testing
@testable import Paging

/// Random x86_64 tables whose upper-level entries randomly take away R/W,
/// U/S or set XD: every page's effective rights, computed here straight
/// from the four raw entries of its walk (Intel SDM Vol. 3A §4.6.1), must be
/// what both the merged ranges and translate() report.
@Suite struct RandomizedEffectivePermissionTests {
    @Test(arguments: [UInt64(7), 8, 9, 2024])
    func rangesAndTranslationsAgreeWithAHandComputedWalk(seed: UInt64) {
        var random = SplitMix64(state: seed)
        // PML4 at 0x1000; tables follow, one 4 KiB frame each.
        let m = SyntheticMemory(size: 0x40_0000)
        var nextTable: UInt64 = 0x2000
        func table() -> UInt64 { defer { nextTable += 0x1000 }; return nextTable }
        func upperFlags() -> UInt64 {
            var f: UInt64 = 0x1
            if random.below(5) != 0 { f |= 0x2 }          // mostly writable
            if random.below(3) != 0 { f |= 0x4 }          // mostly user
            if random.below(6) == 0 { f |= 1 << 63 }      // sometimes XD
            return f
        }
        func leafFlags() -> UInt64 {
            var f: UInt64 = 0x1 | UInt64(random.below(8)) << 1   // R/W, U/S, PWT
            if random.below(2) == 0 { f |= 1 << 63 }
            if random.below(4) == 0 { f |= 0x20 }          // accessed: must not matter
            return f
        }
        // Expected rights per 4 KiB page: (writable, user, executable).
        var expected: [UInt64: (Bool, Bool, Bool)] = [:]
        let pml4: UInt64 = 0x1000
        for i4 in [0, 1, 511] {
            let e4 = upperFlags(), pdpt = table()
            m.entry(pml4, i4, pdpt | e4)
            for i3 in 0..<2 {
                let e3 = upperFlags(), pd = table()
                m.entry(pdpt, i3, pd | e3)
                for i2 in 0..<3 {
                    let e2 = upperFlags()
                    let base = CanonicalAddress.signExtend(UInt64(i4) << 39 | UInt64(i3) << 30 | UInt64(i2) << 21, fromBits: 48)
                    if random.below(4) == 0 {
                        // A 2 MiB page: its own flags are the leaf's.
                        let leaf = leafFlags()
                        m.entry(pd, i2, (UInt64(0x100 + i2) << 21) | leaf | 0x80)
                        let all = [e4, e3, leaf]
                        for p in stride(from: UInt64(0), to: 0x20_0000, by: 0x1000) {
                            expected[base + p] = rights(all)
                        }
                        continue
                    }
                    let pt = table()
                    m.entry(pd, i2, pt | e2)
                    for i1 in 0..<8 where random.below(4) != 0 {
                        let leaf = leafFlags()
                        m.entry(pt, i1, (0x4000_0000 + UInt64(i1) * 0x1000) | leaf)
                        expected[base + UInt64(i1) * 0x1000] = rights([e4, e3, e2, leaf])
                    }
                }
            }
        }
        let (list, summary) = m.mappings(.x86_64, root: pml4)
        #expect(!summary.truncated && summary.tablesOutsideMemory == 0)
        var seen = 0
        for r in list {
            let p = PagingScheme.x86_64.leafPermissions(r.effectiveEntry, depth: r.leafDepth)
            var page = r.virtualStart
            while page &- r.virtualStart < r.size {
                let want = expected[page]
                #expect(want != nil, "0x\(String(page, radix: 16)) is not mapped by the tables")
                if let want { #expect((p.writable, p.user, p.executable) == want, "range at 0x\(String(r.virtualStart, radix: 16))") }
                seen += 1
                page &+= 0x1000
            }
        }
        #expect(seen == expected.count)
        m.withWalker(.x86_64) { w in
            for (virtual, want) in expected where virtual % 0x7000 == 0 || random.below(8) == 0 {
                let t = w.translate(virtual, root: pml4)
                guard case .mapped(_, _, let depth) = t.outcome else {
                    Issue.record("0x\(String(virtual, radix: 16)) does not translate")
                    continue
                }
                let p = PagingScheme.x86_64.leafPermissions(t.effectiveLeafEntry, depth: depth)
                #expect((p.writable, p.user, p.executable) == want)
            }
        }
    }

    /// Writable only if every entry is, user only if every entry is, executable only if none has XD.
    func rights(_ entries: [UInt64]) -> (Bool, Bool, Bool) {
        (entries.allSatisfy { $0 & 2 != 0 }, entries.allSatisfy { $0 & 4 != 0 }, entries.allSatisfy { $0 >> 63 == 0 })
    }
}
