extension X86PageMapper {
    /// The physical address `virtual` maps to, with the leaf's attributes
    /// and page size; nil if it is non-canonical or not mapped
    /// (Intel SDM Vol. 3A §4.5.4).
    public func translate(_ virtual: UInt64) -> X86Translation? {
        guard let leaf = leafSlot(for: virtual) else { return nil }
        return Self.translation(of: X86PageTableEntry(rawValue: leaf.slot.pointee), size: leaf.size, virtual: virtual)
    }

    /// The translation of `virtual` through `entry`, a leaf of `size`:
    /// frame bits from the entry, offset bits from the address (§4.5.4,
    /// Figures 4-8 to 4-10).
    static func translation(of entry: X86PageTableEntry, size: X86PageSize, virtual: UInt64) -> X86Translation {
        X86Translation(
            physicalAddress: entry.physicalAddress(for: size) | X86VirtualAddress(virtual).pageOffset(for: size),
            flags: entry.leafFlags(for: size),
            pageSize: size)
    }
}
