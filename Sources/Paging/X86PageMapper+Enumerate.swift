extension X86PageMapper {
    /// Calls `body(virtual, entry, size)` for every present leaf in
    /// ascending canonical order: lower half first, then the upper half,
    /// whose addresses are sign-extended from bit 47 (PML4 index >= 256,
    /// Intel SDM Vol. 3A §3.3.7.1, §4.5.4).
    public func forEachLeaf(_ body: (UInt64, X86PageTableEntry, X86PageSize) -> Void) {
        visit(table: rootAddress, depth: 0, base: 0, limits: .none) { virtual, entry, _, size in body(virtual, entry, size) }
    }

    /// Like `forEachLeaf`, also passing the leaf with the limits of the
    /// entries above it applied (R/W and U/S cleared, XD set where an upper
    /// entry has them so, §4.6.1): the permissions an access really gets.
    public func forEachEffectiveLeaf(_ body: (UInt64, X86PageTableEntry, X86PageTableEntry, X86PageSize) -> Void) {
        visit(table: rootAddress, depth: 0, base: 0, limits: .none, body)
    }

    private func visit(table: UInt64, depth: Int, base: UInt64, limits: InheritedLimits,
                       _ body: (UInt64, X86PageTableEntry, X86PageTableEntry, X86PageSize) -> Void) {
        let level = X86Paging.level(depth)
        let entries = memory.table(at: table)
        for index in 0..<level.entryCount {
            let entry = X86PageTableEntry(rawValue: entries[index])
            guard entry.isPresent else { continue }
            let virtual = CanonicalAddress.signExtend(base | (UInt64(index) << UInt64(level.shift)),
                                                      fromBits: X86Paging.virtualAddressBits)
            let effective = X86PageTableEntry(rawValue: PagingScheme.x86_64.effectiveLeafEntry(entry.rawValue, limits: limits))
            if depth == X86Paging.levelCount - 1 {
                body(virtual, entry, effective, .size4K)
            } else if level.allowsLeaf && entry.isHuge, let size = X86PageSize(leafDepth: depth) {
                body(virtual, entry, effective, size)
            } else {
                visit(table: entry.tableAddress, depth: depth + 1, base: virtual,
                      limits: PagingScheme.x86_64.limits(limits, addingTableEntry: entry.rawValue, depth: depth), body)
            }
        }
    }

    /// Calls `body(virtualStart, physicalStart, length, flags)` for every
    /// run of present leaves that are virtually and physically contiguous
    /// and have equal flags once `ignoring` is removed (by default the
    /// page size and the accessed/dirty bits). Reported flags are the
    /// normalized leaf flags (see `X86Translation`) with the limits of the
    /// upper levels applied (`forEachEffectiveLeaf`), minus `ignoring`.
    public func forEachMappedRange(
        ignoring: X86PageFlags = .sizeAndUsage,
        _ body: (UInt64, UInt64, UInt64, X86PageFlags) -> Void
    ) {
        var run = MappedRun()
        forEachEffectiveLeaf { virtual, entry, effective, size in
            let physical = entry.physicalAddress(for: size)
            let flags = effective.leafFlags(for: size).subtracting(ignoring)
            if run.length > 0, run.virtual &+ run.length == virtual,
               run.physical &+ run.length == physical, run.flags == flags {
                run.length += size.bytes
                return
            }
            if run.length > 0 { body(run.virtual, run.physical, run.length, run.flags) }
            run = MappedRun(virtual: virtual, physical: physical, length: size.bytes, flags: flags)
        }
        if run.length > 0 { body(run.virtual, run.physical, run.length, run.flags) }
    }
}

/// The range being grown by `forEachMappedRange`.
private struct MappedRun {
    var virtual: UInt64 = 0
    var physical: UInt64 = 0
    var length: UInt64 = 0
    var flags: X86PageFlags = []
}
