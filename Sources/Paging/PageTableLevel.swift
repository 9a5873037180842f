/// One level of a radix page-table walk, described as data.
///
/// Every paging scheme this module knows (x86_64 4-level now; later 5-level,
/// i386, PAE, AArch64, RISC-V) is a short list of these: which bits of the
/// virtual address index the level, and whether an entry there may be a
/// leaf (a "huge" page). Decomposition and walking code works from the
/// description, so schemes differ in data rather than in code.
public struct PageTableLevel: Sendable {
    /// The name the architecture manual uses ("PML4", "PDPT", "PD", "PT").
    public var name: StaticString
    /// The lowest virtual-address bit this level indexes.
    public var shift: Int
    /// How many virtual-address bits index this level (9 on x86_64).
    public var indexBits: Int
    /// Whether an entry at this level may map a page directly.
    public var allowsLeaf: Bool

    public init(name: StaticString, shift: Int, indexBits: Int, allowsLeaf: Bool) {
        self.name = name
        self.shift = shift
        self.indexBits = indexBits
        self.allowsLeaf = allowsLeaf
    }

    /// Entries in one table of this level.
    @inline(__always)
    public var entryCount: Int { 1 << indexBits }

    /// Bytes of virtual address space one entry covers (the page size when
    /// the entry is a leaf).
    @inline(__always)
    public var bytesPerEntry: UInt64 { 1 << UInt64(shift) }

    /// The index into this level's table selected by `virtual`.
    @inline(__always)
    public func index(of virtual: UInt64) -> Int {
        Int(truncatingIfNeeded: (virtual >> UInt64(shift)) & UInt64(entryCount - 1))
    }
}
