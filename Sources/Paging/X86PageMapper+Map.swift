extension X86PageMapper {
    /// Maps one page of `size` at `virtual` to `physical` with `flags`
    /// (`present` is implied; `huge` is derived from `size`).
    ///
    /// Missing tables are taken from `frames` and zeroed. Throws
    /// `nonCanonical`, `misaligned` (either address not a multiple of
    /// `size`), `hugePageInTheWay`, `alreadyMapped` (a leaf or a table is in
    /// the slot) or `outOfFrames`.
    public mutating func map<F: PageTableFrameSource>(
        virtual: UInt64, physical: UInt64, size: X86PageSize, flags: X86PageFlags, frames: inout F
    ) throws(MapError) {
        guard X86Paging.isCanonical(virtual) else { throw .nonCanonical(virtual) }
        guard size.isAligned(virtual), size.isAligned(physical),
              physical < X86Paging.physicalAddressLimit
        else { throw .misaligned(virtual: virtual, physical: physical) }

        let leaf = try slotCreatingTables(for: virtual, leafDepth: size.leafDepth, leafFlags: flags, frames: &frames)
        guard !X86PageTableEntry(rawValue: leaf.pointee).isPresent else { throw .alreadyMapped(virtual) }
        widenIntermediates(for: virtual, leafDepth: size.leafDepth, leafFlags: flags)
        leaf.pointee = X86PageTableEntry(leaf: physical, flags: flags, size: size).rawValue
    }

    /// Walks from the PML4 to the table at `leafDepth`, creating missing
    /// tables (§4.5.4), and returns the slot `virtual` selects there.
    mutating func slotCreatingTables<F: PageTableFrameSource>(
        for virtual: UInt64, leafDepth: Int, leafFlags: X86PageFlags, frames: inout F
    ) throws(MapError) -> UnsafeMutablePointer<UInt64> {
        var table = rootAddress
        for depth in 0..<leafDepth {
            let level = X86Paging.level(depth)
            let pointer = slot(table, level.index(of: virtual))
            let entry = X86PageTableEntry(rawValue: pointer.pointee)
            if !entry.isPresent {
                guard let frame = frames.allocateTableFrame() else { throw .outOfFrames }
                memory.table(at: frame).update(repeating: 0, count: X86Paging.entriesPerTable)
                let fresh = X86PageTableEntry(physicalAddress: frame, flags: Self.intermediateFlags(for: leafFlags))
                pointer.pointee = fresh.rawValue
                table = fresh.tableAddress
            } else if level.allowsLeaf && entry.isHuge {
                throw .hugePageInTheWay(virtual)
            } else {
                table = entry.tableAddress
            }
        }
        return slot(table, X86Paging.level(leafDepth).index(of: virtual))
    }

    /// Makes the table entries above the leaf for `virtual` allow what the
    /// leaf allows: U/S and R/W set, XD clear where the leaf needs them
    /// (rights are the intersection over all levels, §4.6.1).
    func widenIntermediates(for virtual: UInt64, leafDepth: Int, leafFlags: X86PageFlags) {
        var table = rootAddress
        for depth in 0..<leafDepth {
            let pointer = slot(table, X86Paging.level(depth).index(of: virtual))
            var raw = pointer.pointee
            if leafFlags.contains(.user) { raw |= X86PageFlags.user.rawValue }
            if leafFlags.contains(.writable) { raw |= X86PageFlags.writable.rawValue }
            if !leafFlags.contains(.noExecute) { raw &= ~X86PageFlags.noExecute.rawValue }
            if raw != pointer.pointee { pointer.pointee = raw }
            table = X86PageTableEntry(rawValue: raw).tableAddress
        }
    }
}
