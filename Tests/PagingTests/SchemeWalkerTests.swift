import Testing
@testable import Paging

/// Synthetic physical memory: a byte buffer at `base`, with helpers to
/// write little-endian entries of 4 or 8 bytes.
final class SyntheticMemory {
    var bytes: [UInt8]
    let base: UInt64

    init(size: Int, base: UInt64 = 0) {
        bytes = [UInt8](repeating: 0, count: size)
        self.base = base
    }

    func put(_ address: UInt64, _ value: UInt64, width: Int = 8) {
        let o = Int(address - base)
        for i in 0..<width { bytes[o + i] = UInt8(truncatingIfNeeded: value >> UInt64(8 * i)) }
    }

    /// Writes entry `index` of the table at `table`.
    func entry(_ table: UInt64, _ index: Int, _ value: UInt64, width: Int = 8) {
        put(table + UInt64(index * width), value, width: width)
    }

    func withWalker<R>(_ scheme: PagingScheme, maxEntries: Int = 1 << 24,
                       _ body: (PageTableWalker<BufferPhysicalMemory>) -> R) -> R {
        bytes.withUnsafeBytes { raw in
            body(PageTableWalker(scheme: scheme, memory: BufferPhysicalMemory(base: base, bytes: raw),
                                 maxEntriesVisited: maxEntries))
        }
    }

    func mappings(_ scheme: PagingScheme, root: UInt64, upperHalf: Bool = false, maxEntries: Int = 1 << 24)
        -> ([PageMapping], PageWalkSummary)
    {
        withWalker(scheme, maxEntries: maxEntries) { w in
            var list: [PageMapping] = []
            let summary = w.enumerateMappings(root: root, upperHalf: upperHalf) { list.append($0) }
            return (list, summary)
        }
    }
}

@Suite struct SchemeWalkerTests {
    @Test func bufferReaderIsLittleEndianAndBounded() {
        let m = SyntheticMemory(size: 16, base: 0x1000)
        m.put(0x1000, 0x1122_3344_5566_7788)
        m.bytes.withUnsafeBytes { raw in
            let r = BufferPhysicalMemory(base: 0x1000, bytes: raw)
            #expect(r.readEntry(at: 0x1000, bytes: 8) == 0x1122_3344_5566_7788)
            #expect(r.readEntry(at: 0x1000, bytes: 4) == 0x5566_7788)
            #expect(r.readEntry(at: 0x1004, bytes: 4) == 0x1122_3344)
            #expect(r.readEntry(at: 0x1009, bytes: 8) == nil)
            #expect(r.readEntry(at: 0x1008, bytes: 8) == 0)
            #expect(r.readEntry(at: 0xfff, bytes: 4) == nil)
            #expect(r.readEntry(at: ~0, bytes: 8) == nil)
        }
    }

    /// x86_64: PML4 at 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000.
    /// 0x0000_0000_0040_0000 +4 KiB pages (0x400000..0x402fff → 0x80000.., RW),
    /// 0x0060_0000 2 MiB page → 0x20_0000 (RW), 0x0080_0000 2 MiB → 0x40_0000 (RW, contiguous)
    /// and an upper-half 4 KiB page at 0xffff_8000_0000_0000 → 0x9000 (NX).
    func x86Memory() -> SyntheticMemory {
        let m = SyntheticMemory(size: 0x6000)
        m.entry(0x1000, 0, 0x2003)
        m.entry(0x2000, 0, 0x3003)
        m.entry(0x3000, 2, 0x4003)              // PD[2] → PT: 0x40_0000..0x5f_ffff
        for i in 0..<3 { m.entry(0x4000, i, 0x8_0003 + UInt64(i) * 0x1000) }
        m.entry(0x4000, 3, 0x8_3001)            // read-only: a new range
        m.entry(0x3000, 3, 0x20_0083)           // PD[3]: 2 MiB at 0x60_0000 → 0x20_0000
        m.entry(0x3000, 4, 0x40_00A3)           // PD[4]: 2 MiB → 0x40_0000, accessed (ignored)
        m.entry(0x1000, 256, 0x5003)            // upper half
        m.entry(0x5000, 0, 0x5003)              // PDPT[0] → itself as a PD ...
        m.entry(0x5000, 1, 0x8000_0000_0000_9003 as UInt64) // PDPT[1] → table 0x9000, outside the memory
        return m
    }

    @Test func x86TranslatesFourKilobytePages() {
        let m = x86Memory()
        m.withWalker(.x86_64) { w in
            let t = w.translate(0x40_1234, root: 0x1000)
            #expect(t.outcome == .mapped(physicalAddress: 0x8_1234, pageSize: 0x1000, leafDepth: 3))
            #expect(t.stepCount == 4)
            #expect((0..<4).map { "\(t.step($0).levelName)" } == ["PML4", "PDPT", "PD", "PT"])
            #expect((0..<4).map { t.step($0).tableAddress } == [0x1000, 0x2000, 0x3000, 0x4000])
            #expect((0..<4).map { t.step($0).index } == [0, 0, 2, 1])
            #expect(t.step(3).entryAddress == 0x4008)
            #expect(t.step(3).entry.rawValue == 0x8_1003)
            #expect(t.step(2).entry.kind == .table)
        }
    }

    @Test func x86TranslatesTwoMegabytePages() {
        let m = x86Memory()
        m.withWalker(.x86_64) { w in
            let t = w.translate(0x61_2345, root: 0x1000)
            #expect(t.outcome == .mapped(physicalAddress: 0x21_2345, pageSize: 0x20_0000, leafDepth: 2))
            #expect(t.stepCount == 3)
            #expect(t.step(2).entry.kind == .page)
        }
    }

    @Test func x86Failures() {
        let m = x86Memory()
        m.withWalker(.x86_64) { w in
            #expect(w.translate(0x40_4000, root: 0x1000).outcome == .failed(.notPresent(depth: 3)))
            #expect(w.translate(0x8000_0000, root: 0x1000).outcome == .failed(.notPresent(depth: 1)))
            #expect(w.translate(0x8000_0000_0000, root: 0x1000).outcome == .failed(.nonCanonical))
            // PDPT[1] of the upper half points at 0x9000, beyond the 0x6000-byte memory.
            #expect(w.translate(0xffff_8000_4000_0000, root: 0x1000).outcome
                    == .failed(.outsideMemory(depth: 2, address: 0x9000)))
            #expect(w.translate(0x1000, root: 0x10_0000).outcome
                    == .failed(.outsideMemory(depth: 0, address: 0x10_0000)))
        }
    }

    @Test func x86EnumerationMergesRanges() {
        let m = x86Memory()
        let (list, summary) = m.mappings(.x86_64, root: 0x1000)
        // 0x40_0000 3 pages RW; 0x40_3000 RO; 0x60_0000 + 0x80_0000 two 2 MiB pages merged;
        // upper half: PDPT[0] = itself used as PD: its entry 0 (itself) as PT → leaves.
        #expect(list.count >= 3)
        #expect(list[0] == PageMapping(virtualStart: 0x40_0000, physicalStart: 0x8_0000, size: 0x3000,
                                       attributes: 0x2, firstEntry: 0x8_0003, effectiveEntry: 0x8_0003,
                                       pageSize: 0x1000, leafDepth: 3,
                                       leafCount: 3))
        #expect(list[1].virtualStart == 0x40_3000 && list[1].size == 0x1000 && list[1].attributes == 0)
        #expect(list[2].virtualStart == 0x60_0000 && list[2].physicalStart == 0x20_0000)
        #expect(list[2].size == 0x40_0000 && list[2].leafCount == 2 && list[2].pageSize == 0x20_0000)
        let upper = list.filter { $0.virtualStart >= 0xffff_8000_0000_0000 }
        #expect(!upper.isEmpty)
        #expect(upper.allSatisfy { $0.virtualStart >> 47 == 0x1ffff })
        // 0x9000 is reached twice: as PDPT[1]'s PD, and as the PT of PDPT[0] (= 0x5000 reused as a PD).
        #expect(summary.tablesOutsideMemory == 2)
        #expect(!summary.truncated)
        #expect(summary.ranges == list.count)
        // Ranges come in increasing order and never overlap.
        for (a, b) in zip(list, list.dropFirst()) { #expect(a.virtualEnd < b.virtualStart) }
    }

    @Test func selfReferencingTablesTerminate() {
        // Every PML4 entry points at the PML4 itself: each level reuses it;
        // at the PT level the entries are 4 KiB leaves at 0x1000.
        let m = SyntheticMemory(size: 0x2000)
        for i in 0..<512 { m.entry(0x1000, i, 0x1003) }
        let (list, summary) = m.mappings(.x86_64, root: 0x1000, maxEntries: 100_000)
        #expect(summary.truncated)
        #expect(summary.entriesVisited == 100_000)
        #expect(!list.isEmpty)
        // A single recursive slot is walked in bounded time without truncation.
        let r = SyntheticMemory(size: 0x2000)
        r.entry(0x1000, 510, 0x1003)
        let (few, s2) = r.mappings(.x86_64, root: 0x1000)
        #expect(!s2.truncated)
        #expect(s2.entriesVisited == 4 * 512)
        #expect(few.count == 1)
        #expect(few[0].virtualStart == 0xffff_ff7f_bfdf_e000)
        #expect(few[0].physicalStart == 0x1000)
        m.withWalker(.x86_64) { w in
            #expect(w.translate(0x1234, root: 0x1000).outcome
                    == .mapped(physicalAddress: 0x1234, pageSize: 0x1000, leafDepth: 3))
        }
    }

    @Test func rootOutsideMemory() {
        let m = SyntheticMemory(size: 0x1000, base: 0x10_0000)
        let (list, summary) = m.mappings(.sv39, root: 0x1000)
        #expect(list.isEmpty)
        #expect(summary.rootOutsideMemory)
    }

    /// Sv39 at base 0x8000_0000 (as on QEMU virt): root 0x8000_1000,
    /// VPN[1] table 0x8000_2000, VPN[0] table 0x8000_3000.
    @Test func riscvSv39() {
        let base: UInt64 = 0x8000_0000
        let m = SyntheticMemory(size: 0x4000, base: base)
        func table(_ pa: UInt64) -> UInt64 { (pa >> 12) << 10 | 1 }
        func leaf(_ pa: UInt64, _ flags: UInt64) -> UInt64 { (pa >> 12) << 10 | flags | 1 }
        m.entry(base + 0x1000, 2, leaf(0x8000_0000, 0xCE))       // 1 GiB gigapage RWX+A+D at 0x8000_0000
        m.entry(base + 0x1000, 0, table(base + 0x2000))
        m.entry(base + 0x2000, 1, table(base + 0x3000))          // 0x20_0000..
        m.entry(base + 0x3000, 0, leaf(0x8020_0000, 0x06))       // RW
        m.entry(base + 0x3000, 1, leaf(0x8020_1000, 0x06 | 0xC0)) // RW, A/D: merged
        m.entry(base + 0x3000, 2, leaf(0x8030_0000, 0x06))       // not contiguous
        m.entry(base + 0x3000, 3, 0x5)                           // W without R: reserved
        m.entry(base + 0x2000, 2, leaf(0x8040_0000, 0x0A))       // 2 MiB megapage RX
        m.entry(base + 0x1000, 256, leaf(0x8000_0000, 0x0E))     // upper half 1 GiB
        m.withWalker(.sv39) { w in
            let t = w.translate(0x20_1abc, root: base + 0x1000)
            #expect(t.outcome == .mapped(physicalAddress: 0x8020_1abc, pageSize: 0x1000, leafDepth: 2))
            #expect((0..<t.stepCount).map { "\(t.step($0).levelName)" } == ["VPN[2]", "VPN[1]", "VPN[0]"])
            #expect(w.translate(0x8012_3456, root: base + 0x1000).outcome
                    == .mapped(physicalAddress: 0x8012_3456, pageSize: 1 << 30, leafDepth: 0))
            #expect(w.translate(0x20_3000, root: base + 0x1000).outcome == .failed(.reserved(depth: 2)))
            #expect(w.translate(0x40_0010, root: base + 0x1000).outcome
                    == .mapped(physicalAddress: 0x8040_0010, pageSize: 0x20_0000, leafDepth: 1))
            #expect(w.translate(0xffff_ffc0_0000_0000, root: base + 0x1000).physicalAddress == 0x8000_0000)
        }
        let (list, summary) = m.mappings(.sv39, root: base + 0x1000)
        #expect(list.map(\.virtualStart) == [0x20_0000, 0x20_2000, 0x40_0000, 0x8000_0000, 0xffff_ffc0_0000_0000])
        #expect(list[0].size == 0x2000 && list[0].leafCount == 2)
        #expect(list[2].size == 0x20_0000 && list[2].attributes == 0x0A)
        #expect(list[3].size == 1 << 30)
        #expect(summary.reservedEntries == 1)
        let p = PagingScheme.sv39.leafPermissions(list[2].firstEntry, depth: 1)
        #expect(p.readable && p.executable && !p.writable)
    }

    /// AArch64 4 KiB granule, 48-bit VA: L0 0x1000, L1 0x2000, L2 0x3000, L3 0x4000.
    @Test func aarch64FourKilobyteGranule() throws {
        let scheme = try PagingScheme.aarch64(granule: .size4K, virtualAddressBits: 48)
        let m = SyntheticMemory(size: 0x5000)
        let attrs: UInt64 = 1 << 10 | 3 << 8 | 1 << 2   // AF, inner shareable, AttrIndx 1
        m.entry(0x1000, 0, 0x2003)
        m.entry(0x2000, 1, 0x4000_0000 | attrs | 1)      // 1 GiB block at VA 0x4000_0000
        m.entry(0x2000, 0, 0x3003)
        m.entry(0x3000, 1, 0x4003)                       // L3 table for 0x20_0000
        m.entry(0x4000, 0, 0x9000_0000 | attrs | 3)
        m.entry(0x4000, 1, 0x9000_1000 | attrs | 3)
        m.entry(0x4000, 2, 0x9000_2000 | attrs | 1 << 54 | 3) // UXN: new range
        m.entry(0x4000, 3, 0x9000_3000 | 1)              // L3 with bit 1 clear: reserved
        m.entry(0x3000, 2, 0xA000_0000 | attrs | 1)      // 2 MiB block
        m.withWalker(scheme) { w in
            let t = w.translate(0x20_1008, root: 0x1000)
            #expect(t.outcome == .mapped(physicalAddress: 0x9000_1008, pageSize: 0x1000, leafDepth: 3))
            #expect((0..<t.stepCount).map { "\(t.step($0).levelName)" } == ["L0", "L1", "L2", "L3"])
            #expect(w.translate(0x4567_8000, root: 0x1000).outcome
                    == .mapped(physicalAddress: 0x4567_8000, pageSize: 1 << 30, leafDepth: 1))
            #expect(w.translate(0x40_0001, root: 0x1000).physicalAddress == 0xA000_0001)
            #expect(w.translate(0x20_3000, root: 0x1000).outcome == .failed(.reserved(depth: 3)))
            #expect(w.translate(0x1_0000_0000, root: 0x1000).outcome == .failed(.notPresent(depth: 1)))
        }
        let (list, summary) = m.mappings(scheme, root: 0x1000)
        #expect(list.map(\.virtualStart) == [0x20_0000, 0x20_2000, 0x40_0000, 0x4000_0000])
        #expect(list[0].size == 0x2000 && list[0].physicalStart == 0x9000_0000)
        #expect(list[1].attributes & (1 << 54) != 0)
        #expect(summary.reservedEntries == 1)
        let (upper, _) = m.mappings(scheme, root: 0x1000, upperHalf: true)
        #expect(upper.first?.virtualStart == 0xffff_0000_0020_0000)
    }

    @Test func fourByteEntriesSv32() {
        let m = SyntheticMemory(size: 0x3000)
        m.entry(0x1000, 1, (0x2000 >> 12) << 10 | 1, width: 4)         // VPN[1]=1 → table 0x2000
        m.entry(0x2000, 5, (0x7000 >> 12) << 10 | 0x7, width: 4)       // RW leaf
        m.entry(0x1000, 2, (0x40_0000 >> 12) << 10 | 0xB, width: 4)    // 4 MiB RX megapage
        m.withWalker(.sv32) { w in
            #expect(w.translate(0x40_5123, root: 0x1000).outcome
                    == .mapped(physicalAddress: 0x7123, pageSize: 0x1000, leafDepth: 1))
            #expect(w.translate(0x80_0004, root: 0x1000).physicalAddress == 0x40_0004)
        }
        let (list, _) = m.mappings(.sv32, root: 0x1000)
        #expect(list.map(\.virtualStart) == [0x40_5000, 0x80_0000])
    }
}
