extension X86PageMapper {
    /// Removes the leaf (4 KiB or large) that maps `virtual` and returns
    /// what `translate(virtual)` answered before. Tables left empty are kept.
    /// The caller flushes the TLB (INVLPG, Intel SDM Vol. 3A §4.10.4.1).
    public mutating func unmap(virtual: UInt64) throws(MapError) -> X86Translation {
        guard X86Paging.isCanonical(virtual) else { throw .nonCanonical(virtual) }
        guard let leaf = leafSlot(for: virtual) else { throw .notMapped(virtual) }
        let translation = Self.translation(of: X86PageTableEntry(rawValue: leaf.slot.pointee), size: leaf.size, virtual: virtual)
        leaf.slot.pointee = 0
        return translation
    }
}
