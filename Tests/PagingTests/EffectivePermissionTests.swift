import Testing
@testable import Paging

/// Upper-level entries limit what a leaf grants: translations and merged
/// ranges must report the permissions an access really gets.
@Suite struct EffectivePermissionTests {
    /// x86_64: two PDs under one PDPT; PD A's PDPT entry is R/W + U/S, PD B's
    /// is read-only, supervisor-only and XD. Every leaf is RW + user + executable.
    /// PML4 0x1000, PDPT 0x2000, PD A 0x3000, PD B 0x4000, PT A 0x5000, PT B 0x6000.
    func x86Memory(pdptB: UInt64 = 0x8000_0000_0000_4001) -> SyntheticMemory {
        let m = SyntheticMemory(size: 0x7000)
        m.entry(0x1000, 0, 0x2007)                     // P RW US
        m.entry(0x2000, 0, 0x3007)                     // PD A: P RW US
        m.entry(0x2000, 1, pdptB)                      // PD B
        m.entry(0x3000, 0, 0x5007)
        m.entry(0x4000, 0, 0x6007)
        for i in 0..<4 {
            m.entry(0x5000, i, 0x10_0007 + UInt64(i) * 0x1000)   // 0x0000_0000 .. : RW US X
            m.entry(0x6000, i, 0x20_0007 + UInt64(i) * 0x1000)   // 0x4000_0000 .. : RW US X
        }
        return m
    }

    @Test func x86TranslationAppliesUpperLimits() {
        let m = x86Memory()
        m.withWalker(.x86_64) { w in
            let open = w.translate(0x1000, root: 0x1000)
            let p = PagingScheme.x86_64.leafPermissions(open.effectiveLeafEntry, depth: 3)
            #expect(p.writable && p.user && p.executable)
            let limited = w.translate(0x4000_1000, root: 0x1000)
            #expect(limited.physicalAddress == 0x20_1000)
            let q = PagingScheme.x86_64.leafPermissions(limited.effectiveLeafEntry, depth: 3)
            #expect(!q.writable && !q.user && !q.executable)
            // The raw leaf itself still says RW + user.
            #expect(limited.step(3).entry.rawValue & 0b110 == 0b110)
        }
    }

    @Test func x86MergedRangesCarryEffectivePermissions() {
        let m = x86Memory()
        let (list, _) = m.mappings(.x86_64, root: 0x1000)
        #expect(list.count == 2)
        let a = PagingScheme.x86_64.leafPermissions(list[0].effectiveEntry, depth: 3)
        let b = PagingScheme.x86_64.leafPermissions(list[1].effectiveEntry, depth: 3)
        #expect(list[0].virtualStart == 0 && list[0].size == 0x4000)
        #expect(a.writable && a.user && a.executable)
        #expect(list[1].virtualStart == 0x4000_0000 && list[1].size == 0x4000)
        #expect(!b.writable && !b.user && !b.executable)
        #expect(list[1].attributes & (1 << 63) != 0)
        #expect(list[1].firstEntry == 0x20_0007)     // raw entry kept as read
    }

    @Test func x86RangesSplitWhereOnlyTheUpperLevelDiffers() {
        // PD B's leaves continue PD A's physically: with equal PDPT entries
        // they would not merge anyway (virtual gap), so put both PTs under
        // one PD and make only the PD entries differ.
        let m = SyntheticMemory(size: 0x6000)
        m.entry(0x1000, 0, 0x2003)
        m.entry(0x2000, 0, 0x3003)
        m.entry(0x3000, 0, 0x4003)                     // PT 0: RW
        m.entry(0x3000, 1, 0x5001)                     // PT 1: read-only PD entry
        for i in 0..<512 {
            m.entry(0x4000, i, 0x100_0003 + UInt64(i) * 0x1000)
            m.entry(0x5000, i, 0x120_0003 + UInt64(i) * 0x1000)
        }
        let (list, _) = m.mappings(.x86_64, root: 0x1000)
        #expect(list.count == 2)
        #expect(list.map(\.size) == [0x20_0000, 0x20_0000])
        #expect(PagingScheme.x86_64.leafPermissions(list[0].effectiveEntry, depth: 3).writable)
        #expect(!PagingScheme.x86_64.leafPermissions(list[1].effectiveEntry, depth: 3).writable)
        // Same PD entries: one range.
        m.entry(0x3000, 1, 0x5003)
        #expect(m.mappings(.x86_64, root: 0x1000).0.count == 1)
    }

    @Test func i386AndPAE() {
        // i386: PDE read-only supervisor; PTE RW user.
        let m = SyntheticMemory(size: 0x3000)
        m.entry(0x1000, 0, 0x2001, width: 4)
        m.entry(0x2000, 0, 0x8007, width: 4)
        let (list, _) = m.mappings(.i386, root: 0x1000)
        #expect(list.count == 1)
        let p = PagingScheme.i386.leafPermissions(list[0].effectiveEntry, depth: 1)
        #expect(!p.writable && !p.user)
        // PAE: PDPTEs have no R/W or U/S bits; the PDE and PTE decide.
        let pae = SyntheticMemory(size: 0x4000)
        pae.entry(0x1000, 0, 0x2001)
        pae.entry(0x2000, 0, 0x3007)
        pae.entry(0x3000, 0, 0x8007)
        let (pl, _) = pae.mappings(.i386PAE, root: 0x1000)
        let q = PagingScheme.i386PAE.leafPermissions(pl[0].effectiveEntry, depth: 2)
        #expect(q.writable && q.user)
    }

    @Test func aarch64TableDescriptorLimits() throws {
        let scheme = try PagingScheme.aarch64(granule: .size4K, virtualAddressBits: 48)
        // L0 0x1000 → L1 0x2000 → L2 0x3000 → L3 0x4000 (open) and L3 0x5000 (limited).
        let m = SyntheticMemory(size: 0x6000)
        m.entry(0x1000, 0, 0x2003)
        m.entry(0x2000, 0, 0x3003)
        m.entry(0x3000, 0, 0x4003)
        // APTable = 0b11 (read-only, no EL0), UXNTable, PXNTable.
        m.entry(0x3000, 1, 0x5003 | 0b1111 << 59)
        let page: UInt64 = 0x3 | 1 << 10 | 0b01 << 6     // AF, AP = 01: RW at EL1 and EL0, executable
        m.entry(0x4000, 0, 0x10_0000 | page)
        m.entry(0x5000, 0, 0x20_0000 | page)
        let (list, _) = m.mappings(scheme, root: 0x1000)
        #expect(list.count == 2)
        let open = scheme.leafPermissions(list[0].effectiveEntry, depth: 3)
        #expect(open.writable && open.user && open.executable)
        let limited = scheme.leafPermissions(list[1].effectiveEntry, depth: 3)
        #expect(!limited.writable && !limited.user && !limited.executable)
        m.withWalker(scheme) { w in
            let t = w.translate(0x20_0000, root: 0x1000)
            #expect(t.physicalAddress == 0x20_0000)
            #expect(t.effectiveLeafEntry & (1 << 7) != 0)      // AP[2]: read-only
            #expect(t.effectiveLeafEntry & (1 << 6) == 0)      // AP[1]: EL0 removed
            #expect(t.effectiveLeafEntry & (3 << 53) == 3 << 53)
        }
    }

    @Test func riscvInheritsNothing() {
        // A pointer PTE with U set (reserved for non-leaf PTEs) changes nothing.
        let m = SyntheticMemory(size: 0x3000)
        m.entry(0x1000, 0, (0x2000 >> 12) << 10 | 0x11)
        m.entry(0x2000, 0, (0x20_0000 >> 12) << 10 | 0x7)       // 2 MiB megapage, R W V
        let (list, _) = m.mappings(.sv39, root: 0x1000)
        #expect(list.count == 1)
        #expect(list[0].effectiveEntry == list[0].firstEntry)
    }

    @Test func mapperRangesUseEffectiveFlags() throws {
        // Tables the mapper makes never restrict; a PD entry edited by hand
        // (read-only, XD) must show in the merged ranges below it.
        var (mapper, frames) = makeMapper()
        try mapper.map(virtual: 0x1000, physical: 0x9000, size: .size4K, flags: [.writable, .user], frames: &frames)
        try mapper.map(virtual: 0x20_1000, physical: 0xa000, size: .size4K, flags: [.writable, .user], frames: &frames)
        #expect(mapper.ranges().allSatisfy { $0.flags == [.present, .writable, .user] })
        let pd = try #require(mapper.steps(0x20_1000).first { "\($0.levelName)" == "PD" })
        let slot = mapper.memory.table(at: pd.tableAddress) + pd.index
        slot.pointee = (slot.pointee & ~X86PageFlags.writable.rawValue) | X86PageFlags.noExecute.rawValue
        let ranges = mapper.ranges()
        #expect(ranges.count == 2)
        #expect(ranges[0].flags == [.present, .writable, .user])
        #expect(ranges[1].virtual == 0x20_1000 && ranges[1].flags == [.present, .user, .noExecute])
        // forEachLeaf still reports the raw leaf.
        var raw: [X86PageTableEntry] = []
        mapper.forEachLeaf { _, entry, _ in raw.append(entry) }
        #expect(raw[1].rawValue & X86PageFlags.writable.rawValue != 0)
    }
}
