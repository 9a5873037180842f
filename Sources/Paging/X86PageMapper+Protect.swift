extension X86PageMapper {
    /// Replaces the attributes of the leaf mapping `virtual` with `flags`
    /// (`present` implied, `huge` kept as the page size says), keeping its
    /// frame. A large page changes as a whole; nothing is split. Table
    /// entries above are widened if the new flags need it (§4.6.1).
    /// The caller flushes the TLB.
    public mutating func protect(virtual: UInt64, flags: X86PageFlags) throws(MapError) {
        guard X86Paging.isCanonical(virtual) else { throw .nonCanonical(virtual) }
        guard let leaf = leafSlot(for: virtual) else { throw .notMapped(virtual) }
        let frame = X86PageTableEntry(rawValue: leaf.slot.pointee).physicalAddress(for: leaf.size)
        widenIntermediates(for: virtual, leafDepth: leaf.size.leafDepth, leafFlags: flags)
        leaf.slot.pointee = X86PageTableEntry(leaf: frame, flags: flags, size: leaf.size).rawValue
    }
}
