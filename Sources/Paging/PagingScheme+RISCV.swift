/// The RISC-V schemes (privileged spec §10.3–10.6) and their PTE format.
extension PagingScheme {
    /// Sv32: VPN[1] 31:22, VPN[0] 21:12, 4-byte PTEs, 34-bit physical
    /// addresses, 4 MiB megapages.
    public static let sv32 = PagingScheme(
        kind: .sv32, virtualAddressBits: 32, pageShift: 12, bitsPerLevel: 10, leafLevels: 2,
        entryBytes: 4, addressWidth: 32, physicalAddressBits: 34, canonicalForm: .none)
    /// Sv39: VPN[2..0] 38:12; bits 63:39 copy bit 38.
    public static let sv39 = PagingScheme(
        kind: .sv39, virtualAddressBits: 39, pageShift: 12, bitsPerLevel: 9, leafLevels: 3,
        entryBytes: 8, addressWidth: 64, physicalAddressBits: 56, canonicalForm: .signExtended)
    /// Sv48: VPN[3..0] 47:12; bits 63:48 copy bit 47.
    public static let sv48 = PagingScheme(
        kind: .sv48, virtualAddressBits: 48, pageShift: 12, bitsPerLevel: 9, leafLevels: 4,
        entryBytes: 8, addressWidth: 64, physicalAddressBits: 56, canonicalForm: .signExtended)
    /// Sv57: VPN[4..0] 56:12; bits 63:57 copy bit 56.
    public static let sv57 = PagingScheme(
        kind: .sv57, virtualAddressBits: 57, pageShift: 12, bitsPerLevel: 9, leafLevels: 5,
        entryBytes: 8, addressWidth: 64, physicalAddressBits: 56, canonicalForm: .signExtended)

    func decodeRISCVEntry(_ raw: UInt64, depth: Int) -> DecodedPageTableEntry {
        var entry = DecodedPageTableEntry(kind: .invalid, rawValue: raw, depth: depth, physicalAddress: 0, pageSize: 0)
        guard raw & 1 != 0 else { return entry }
        let r = raw & 2 != 0, w = raw & 4 != 0, x = raw & 8 != 0
        // PPN: Sv32 bits 31:10, the others 53:10; physical = PPN << 12.
        let ppn = bits(raw, kind == .sv32 ? 31 : 53, 10)
        if w && !r {
            entry.kind = .reserved
        } else if !r && !x {
            // A pointer to the next level; at the last level it faults.
            entry.kind = depth == levelCount - 1 ? .reserved : .table
            entry.physicalAddress = ppn << 12
        } else {
            entry.kind = .page
            entry.pageSize = level(depth).bytesPerEntry
            entry.physicalAddress = ppn << 12
        }
        return entry
    }

    func riscvFields(_ raw: UInt64, depth: Int, _ body: (PageTableEntryField) -> Void) {
        func field(_ name: StaticString, _ meaning: StaticString, _ high: Int, _ low: Int) {
            body(PageTableEntryField(name: name, meaning: meaning, high: high, low: low, value: bits(raw, high, low)))
        }
        field("V", "valid", 0, 0)
        field("R", "readable", 1, 1)
        field("W", "writable", 2, 2)
        field("X", "executable", 3, 3)
        field("U", "user", 4, 4)
        field("G", "global", 5, 5)
        field("A", "accessed", 6, 6)
        field("D", "dirty", 7, 7)
        field("RSW", "reserved for software", 9, 8)
        if kind != .sv32 {
            field("PBMT", "page-based memory type (Svpbmt: 0 PMA, 1 NC, 2 IO)", 62, 61)
            field("N", "NAPOT (Svnapot)", 63, 63)
        }
    }
}
