/// The x86 schemes (Intel SDM Vol. 3A chapter 4) and their entry format.
extension PagingScheme {
    /// 4-level IA-32e paging: PML4 47:39, PDPT 38:30, PD 29:21, PT 20:12 (§4.5).
    public static let x86_64 = PagingScheme(
        kind: .x86_64, virtualAddressBits: 48, pageShift: 12, bitsPerLevel: 9, leafLevels: 3,
        entryBytes: 8, addressWidth: 64, physicalAddressBits: 52, canonicalForm: .signExtended)
    /// 5-level paging (CR4.LA57 = 1): PML5 56:48 on top of the 4 levels.
    public static let x86_64LA57 = PagingScheme(
        kind: .x86_64LA57, virtualAddressBits: 57, pageShift: 12, bitsPerLevel: 9, leafLevels: 3,
        entryBytes: 8, addressWidth: 64, physicalAddressBits: 52, canonicalForm: .signExtended)
    /// 32-bit paging (§4.3): PD 31:22, PT 21:12; a PDE with PS = 1 maps a
    /// 4 MiB page (CR4.PSE = 1), with PSE-36 physical bits 39:32 in 20:13.
    public static let i386 = PagingScheme(
        kind: .i386, virtualAddressBits: 32, pageShift: 12, bitsPerLevel: 10, leafLevels: 2,
        entryBytes: 4, addressWidth: 32, physicalAddressBits: 40, canonicalForm: .none)
    /// PAE paging (§4.4): PDPT 31:30 (4 entries), PD 29:21, PT 20:12;
    /// 2 MiB pages in the PD.
    public static let i386PAE = PagingScheme(
        kind: .i386PAE, virtualAddressBits: 32, pageShift: 12, bitsPerLevel: 9, leafLevels: 2,
        entryBytes: 8, addressWidth: 32, physicalAddressBits: 52, canonicalForm: .none)

    func decodeX86Entry(_ raw: UInt64, depth: Int) -> DecodedPageTableEntry {
        var entry = DecodedPageTableEntry(kind: .invalid, rawValue: raw, depth: depth, physicalAddress: 0, pageSize: 0)
        guard raw & 1 != 0 else { return entry }
        let level = level(depth)
        let last = depth == levelCount - 1
        let paePDPT = kind == .i386PAE && depth == 0
        let leaf = last || (!paePDPT && level.allowsLeaf && raw & (1 << 7) != 0)
        let top = entryBytes == 4 ? 31 : physicalAddressBits - 1
        if leaf {
            entry.kind = .page
            entry.pageSize = level.bytesPerEntry
            entry.physicalAddress = raw & bitMask(top, level.shift)
            if kind == .i386 && !last {
                // PSE-36: physical address bits 39:32 are PDE bits 20:13 (§4.3, Table 4-4).
                entry.physicalAddress |= bits(raw, 20, 13) << 32
            }
        } else {
            entry.kind = .table
            entry.physicalAddress = raw & bitMask(top, 12)
        }
        return entry
    }

    func x86Fields(_ raw: UInt64, depth: Int, _ body: (PageTableEntryField) -> Void) {
        func field(_ name: StaticString, _ meaning: StaticString, _ high: Int, _ low: Int) {
            body(PageTableEntryField(name: name, meaning: meaning, high: high, low: low, value: bits(raw, high, low)))
        }
        let decoded = decodeX86Entry(raw, depth: depth)
        let last = depth == levelCount - 1
        field("P", "present", 0, 0)
        if kind == .i386PAE && depth == 0 {
            // A PDPTE has only P, PWT, PCD and the address (§4.4.1, Table 4-8).
            field("PWT", "page-level write-through", 3, 3)
            field("PCD", "page-level cache disable", 4, 4)
            field("AVL", "available to software", 11, 9)
            return
        }
        let leaf = decoded.kind == .page || (decoded.kind == .invalid && last)
        field("R/W", "writable", 1, 1)
        field("U/S", "user", 2, 2)
        field("PWT", "page-level write-through", 3, 3)
        field("PCD", "page-level cache disable", 4, 4)
        field("A", "accessed", 5, 5)
        if leaf { field("D", "dirty", 6, 6) }
        if last {
            field("PAT", "page attribute table", 7, 7)
        } else if level(depth).allowsLeaf {
            field("PS", "page size (large page)", 7, 7)
        }
        if leaf { field("G", "global", 8, 8) }
        field("AVL", "available to software", 11, 9)
        if leaf && !last { field("PAT", "page attribute table", 12, 12) }
        if kind == .i386 && leaf && !last { field("PA[39:32]", "PSE-36 physical address bits", 20, 13) }
        if entryBytes == 8 {
            if leaf && (kind == .x86_64 || kind == .x86_64LA57) { field("PK", "protection key", 62, 59) }
            field("XD", "execute disable (NX)", 63, 63)
        }
    }
}
