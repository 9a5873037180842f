import Testing
@testable import Paging

private func indices(_ s: PagingScheme, _ a: UInt64) -> [Int] { (0..<s.levelCount).map { s.index(of: a, depth: $0) } }
private func names(_ s: PagingScheme) -> [String] { (0..<s.levelCount).map { "\(s.levelName($0))" } }

@Suite struct PagingSchemeTests {
    @Test func x86_64DeadBeef() throws {
        let s = PagingScheme.x86_64
        #expect(names(s) == ["PML4", "PDPT", "PD", "PT"])
        #expect(indices(s, 0xdeadbeef) == [0, 3, 245, 219])
        #expect(s.pageOffset(of: 0xdeadbeef) == 0xeef)
        #expect(s.canonicalCheck(0xdeadbeef).isCanonical)
        // Agrees with the existing X86Paging description.
        for d in 0..<4 {
            #expect(s.level(d).shift == X86Paging.level(d).shift)
            #expect(s.level(d).allowsLeaf == X86Paging.level(d).allowsLeaf)
        }
    }

    @Test func x86_64CanonicalEdges() throws {
        let s = PagingScheme.x86_64
        #expect(s.canonicalCheck(0x0000_7fff_ffff_ffff).isCanonical)
        let bad = s.canonicalCheck(0x0000_8000_0000_0000)
        #expect(!bad.isCanonical)
        #expect(bad.offendingBits == 0xffff_0000_0000_0000)
        #expect(bad.checkedLow == 48)
        #expect(s.canonicalCheck(0xffff_8000_0000_0000).isCanonical)
        #expect(s.canonicalCheck(0xffff_8000_0000_0000).upperHalf)
    }

    @Test func la57() throws {
        let s = PagingScheme.x86_64LA57
        #expect(names(s) == ["PML5", "PML4", "PDPT", "PD", "PT"])
        #expect(s.level(0).shift == 48 && s.level(0).indexBits == 9)
        #expect(s.canonicalCheck(0x01ff_ffff_ffff_ffff).isCanonical == false)
        #expect(s.canonicalCheck(0x01ff_ffff_ffff_ffff).offendingBits == 0xfe00_0000_0000_0000)
        #expect(try s.address(indices: [511, 0, 0, 0, 0]) == 0xffff_0000_0000_0000)
        #expect(indices(s, 0xff00_0000_0000_0000) == [256, 0, 0, 0, 0])
    }

    @Test func i386() throws {
        let s = PagingScheme.i386
        #expect(indices(s, 0xdeadbeef) == [0x37a, 0x2db])
        #expect(s.pageOffset(of: 0xdeadbeef) == 0xeef)
        #expect(s.level(0).bytesPerEntry == 4 << 20 && s.level(0).allowsLeaf)
        #expect(!s.fits(0x1_0000_0000))
        #expect(try s.address(indices: [0x37a, 0x2db], offset: 0xeef) == 0xdeadbeef)
        // 4 MiB page with PSE-36 bits.
        let e = s.decodeEntry(0xC000_2083, depth: 0)
        #expect(e.kind == .page && e.pageSize == 4 << 20 && e.physicalAddress == 0x1_C000_0000)
    }

    @Test func pae() throws {
        let s = PagingScheme.i386PAE
        #expect(names(s) == ["PDPT", "PD", "PT"])
        #expect(indices(s, 0xdeadbeef) == [3, 0xf5, 0xdb])
        #expect(s.level(0).entryCount == 4)
        #expect(s.decodeEntry(0x1234_5001, depth: 0).kind == .table)
    }

    @Test func sv39() throws {
        let s = PagingScheme.sv39
        #expect(names(s) == ["VPN[2]", "VPN[1]", "VPN[0]"])
        #expect(indices(s, 0xdeadbeef) == [3, 245, 219])
        #expect(indices(s, 0xffff_ffc0_8020_1000) == [258, 1, 1])
        #expect(s.canonicalCheck(0xffff_ffc0_0000_0000).isCanonical)
        #expect(!s.canonicalCheck(0x0000_0040_0000_0000).isCanonical)
        #expect(try s.address(indices: [256, 0, 0]) == 0xffff_ffc0_0000_0000)
        // PTE: PPN 0x80200 (0x80200000), RWX A D V.
        let e = s.decodeEntry((0x80200 << 10) | 0xcf, depth: 2)
        #expect(e.kind == .page && e.physicalAddress == 0x8020_0000)
        #expect(s.decodeEntry((0x80201 << 10) | 0x1, depth: 0).kind == .table)
        #expect(s.decodeEntry(0x5, depth: 1).kind == .reserved)  // W without R
    }

    @Test func sv32AndSv57() throws {
        #expect(indices(.sv32, 0xdeadbeef) == [0x37a, 0x2db])
        let s = PagingScheme.sv57
        #expect(s.levelCount == 5 && s.level(0).shift == 48)
        #expect(s.canonicalCheck(0xff00_0000_0000_0000).isCanonical)
        #expect(!s.canonicalCheck(0x0100_0000_0000_0000).isCanonical)
        #expect(PagingScheme.sv48.levelCount == 4)
    }

    @Test func aarch64Pairs() throws {
        for bad in [0, 24, 53, 64] {
            #expect(throws: PagingSchemeError.unsupportedVirtualAddressBits(granule: .size16K, bits: bad)) {
                try PagingScheme.aarch64(granule: .size16K, virtualAddressBits: bad)
            }
        }
        let a = try PagingScheme.aarch64(granule: .size4K, virtualAddressBits: 39)
        #expect(names(a) == ["L1", "L2", "L3"])
        let b = try PagingScheme.aarch64(granule: .size4K, virtualAddressBits: 52)
        #expect(names(b) == ["L-1", "L0", "L1", "L2", "L3"] && b.level(0).indexBits == 4)
        let c = try PagingScheme.aarch64(granule: .size16K, virtualAddressBits: 48)
        #expect(names(c) == ["L0", "L1", "L2", "L3"] && c.level(0).indexBits == 1 && c.level(3).shift == 14)
        let d = try PagingScheme.aarch64(granule: .size16K, virtualAddressBits: 47)
        #expect(names(d) == ["L1", "L2", "L3"])
        let e = try PagingScheme.aarch64(granule: .size64K, virtualAddressBits: 42)
        #expect(names(e) == ["L2", "L3"] && e.level(0).indexBits == 13)
        let f = try PagingScheme.aarch64(granule: .size64K, virtualAddressBits: 48)
        #expect(names(f) == ["L1", "L2", "L3"] && f.level(0).indexBits == 6)
        let g = try PagingScheme.aarch64(granule: .size64K, virtualAddressBits: 52)
        #expect(g.level(0).indexBits == 10)
    }

    /// The initial lookup level for every VA size 25...52 (TnSZ 39...12),
    /// as the Arm ARM's stage 1 tables give it (ARMv8.0 D4.2.5, Tables
    /// D4-11/14/17; 49-52 bits with FEAT_LPA2 or FEAT_LVA).
    @Test func aarch64InitialLookupLevelForEveryVASize() throws {
        func initial(_ g: AArch64Granule, _ va: Int) throws -> String {
            "\(try PagingScheme.aarch64(granule: g, virtualAddressBits: va).levelName(0))"
        }
        for va in 25...52 {
            let k4 = va > 48 ? "L-1" : va >= 40 ? "L0" : va >= 31 ? "L1" : "L2"
            let k16 = va > 47 ? "L0" : va >= 37 ? "L1" : va >= 26 ? "L2" : "L3"
            let k64 = va >= 43 ? "L1" : va >= 30 ? "L2" : "L3"
            #expect(try initial(.size4K, va) == k4, "4K \(va)")
            #expect(try initial(.size16K, va) == k16, "16K \(va)")
            #expect(try initial(.size64K, va) == k64, "64K \(va)")
        }
        // The root indexes exactly the bits left: 4K/36 bits start at L1 with 6 bits.
        let s = try PagingScheme.aarch64(granule: .size4K, virtualAddressBits: 36)
        #expect(s.level(0).indexBits == 6 && s.level(0).shift == 30)
        // Blocks: 4K at L1/L2 (L0 too with LPA2), 16K at L2 (L1 with LPA2), 64K at L2 (L1 with 52-bit).
        let k4 = try PagingScheme.aarch64(granule: .size4K, virtualAddressBits: 48)
        #expect((0..<4).map { k4.level($0).allowsLeaf } == [false, true, true, true])
        let k4x = try PagingScheme.aarch64(granule: .size4K, virtualAddressBits: 52)
        #expect((0..<5).map { k4x.level($0).allowsLeaf } == [false, true, true, true, true])
        let k16 = try PagingScheme.aarch64(granule: .size16K, virtualAddressBits: 48)
        #expect((0..<4).map { k16.level($0).allowsLeaf } == [false, false, true, true])
        let k64 = try PagingScheme.aarch64(granule: .size64K, virtualAddressBits: 52)
        #expect((0..<3).map { k64.level($0).allowsLeaf } == [true, true, true])
    }

    @Test func aarch64_4K_48() throws {
        let s = try PagingScheme.aarch64(granule: .size4K, virtualAddressBits: 48)
        #expect(indices(s, 0xffff_0000_0808_1234) == [0, 0, 64, 129])
        #expect(s.pageOffset(of: 0xffff_0000_0808_1234) == 0x234)
        let upper = s.canonicalCheck(0xffff_0000_0000_0000)
        #expect(upper.isCanonical && upper.upperHalf)
        let bad = s.canonicalCheck(0x0001_0000_0000_0000)
        #expect(!bad.isCanonical && bad.offendingBits == 0x0001_0000_0000_0000)
        #expect(try s.address(indices: [0, 0, 64, 129], offset: 0x234, upperHalf: true) == 0xffff_0000_0808_1234)
        // Descriptors: page at L3, block at L2, table at L1.
        let page = s.decodeEntry(0x0060_0000_4000_0743, depth: 3)
        #expect(page.kind == .page && page.physicalAddress == 0x4000_0000 && page.pageSize == 4096)
        let block = s.decodeEntry(0x4020_0741, depth: 2)
        #expect(block.kind == .page && block.physicalAddress == 0x4020_0000 && block.pageSize == 2 << 20)
        #expect(s.decodeEntry(0x4000_3003, depth: 1).kind == .table)
        #expect(s.decodeEntry(0x4000_0001, depth: 0).kind == .reserved)  // no L0 blocks without LPA2
        #expect(s.decodeEntry(0x4000_0001, depth: 3).kind == .reserved)
        var set: [String] = []
        s.forEachField(ofEntry: 0x0060_0000_4000_0743, depth: 3) { if $0.high == $0.low && $0.value != 0 { set.append("\($0.name)") } }
        #expect(set == ["V", "T", "AF", "PXN", "UXN"])
    }

    @Test func x86Entries() throws {
        let s = PagingScheme.x86_64
        let pd = s.decodeEntry(0x8000_0000_0020_0083, depth: 2)
        #expect(pd.kind == .page && pd.physicalAddress == 0x20_0000 && pd.pageSize == 2 << 20)
        #expect(s.decodeEntry(0x0000_0000_0010_3003, depth: 2).kind == .table)
        #expect(s.decodeEntry(0x0000_0000_0010_3002, depth: 3).kind == .invalid)
        var set: [String] = []
        s.forEachField(ofEntry: 0x8000_0000_0020_0083, depth: 2) { if $0.high == $0.low && $0.value != 0 { set.append("\($0.name)") } }
        #expect(set == ["P", "R/W", "PS", "XD"])
    }

    @Test func reverseErrors() throws {
        let s = PagingScheme.x86_64
        #expect(throws: PagingSchemeError.indexOutOfRange(depth: 1, index: 512, limit: 512)) {
            try s.address(indices: [0, 512, 0, 0])
        }
        #expect(throws: PagingSchemeError.wrongIndexCount(given: 1, expected: 4)) { try s.address(indices: [1]) }
        #expect(throws: PagingSchemeError.offsetTooLarge(offset: 4096, limit: 4096)) {
            try s.address(indices: [0, 0, 0, 0], offset: 4096)
        }
        // A 2 MiB page: three indices and a 21-bit offset.
        #expect(try s.address(indices: [0, 3, 245], offset: 0xdbeef) == 0xdeadbeef)
    }

    @Test func roundTripEveryScheme() throws {
        var schemes: [PagingScheme] = [.x86_64, .x86_64LA57, .i386, .i386PAE, .sv32, .sv39, .sv48, .sv57]
        for (g, bits) in [(AArch64Granule.size4K, 39), (.size4K, 48), (.size4K, 52), (.size16K, 47), (.size16K, 48),
                          (.size16K, 52), (.size64K, 42), (.size64K, 48), (.size64K, 52)] {
            schemes.append(try PagingScheme.aarch64(granule: g, virtualAddressBits: bits))
        }
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        for s in schemes {
            for _ in 0..<200 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                var a = state
                if !s.fits(a) { a &= 0xffff_ffff }
                switch s.canonicalForm {
                case .none: break
                case .signExtended: a = CanonicalAddress.signExtend(a, fromBits: s.virtualAddressBits)
                case .upperOrLowerRange:
                    a = a >> 63 != 0 ? a | (~0 << UInt64(s.virtualAddressBits)) : a & ((1 << UInt64(s.virtualAddressBits)) - 1)
                }
                #expect(s.canonicalCheck(a).isCanonical)
                let back = try s.address(indices: indices(s, a), offset: s.pageOffset(of: a), upperHalf: a >> 63 != 0)
                #expect(back == a, "\(s.kind) \(s.virtualAddressBits)")
            }
        }
    }
}
