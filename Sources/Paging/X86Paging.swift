/// The x86_64 4-level paging scheme (IA-32e paging with CR4.LA57 = 0),
/// Intel SDM Vol. 3A §4.5: 48-bit linear addresses translated through
/// PML4, PDPT, PD and PT, nine index bits each, 4 KiB pages; a PDPT entry
/// may map a 1 GiB page and a PD entry a 2 MiB page (PS = 1).
public enum X86Paging {
    /// Tables visited by a full walk.
    public static let levelCount = 4
    /// Width of a linear address; bits 63:48 must copy bit 47 (§4.5.1).
    public static let virtualAddressBits = 48
    /// MAXPHYADDR can be at most 52 (§4.1.4); entries hold address bits 51:12.
    public static let maxPhysicalAddressBits = 52
    /// Entries per table: a 4 KiB table of 8-byte entries.
    public static let entriesPerTable = 512

    /// The level at `depth`, 0 being the PML4 (the table CR3 points at).
    /// Intel SDM Vol. 3A §4.5.4, Figure 4-8.
    @inline(__always)
    public static func level(_ depth: Int) -> PageTableLevel {
        switch depth {
        case 0: return PageTableLevel(name: "PML4", shift: 39, indexBits: 9, allowsLeaf: false)
        case 1: return PageTableLevel(name: "PDPT", shift: 30, indexBits: 9, allowsLeaf: true)
        case 2: return PageTableLevel(name: "PD", shift: 21, indexBits: 9, allowsLeaf: true)
        default: return PageTableLevel(name: "PT", shift: 12, indexBits: 9, allowsLeaf: true)
        }
    }

    /// Whether `virtual` is canonical for 48-bit linear addresses.
    @inline(__always)
    public static func isCanonical(_ virtual: UInt64) -> Bool {
        CanonicalAddress.isCanonical(virtual, bits: virtualAddressBits)
    }

    /// The largest physical address an entry can hold, plus one.
    public static let physicalAddressLimit: UInt64 = 1 << UInt64(maxPhysicalAddressBits)
}
