extension X86PageMapper {
    /// Calls `body(virtual, entry, size)` for every present leaf in
    /// ascending canonical order: lower half first, then the upper half,
    /// whose addresses are sign-extended from bit 47 (PML4 index >= 256,
    /// Intel SDM Vol. 3A §3.3.7.1, §4.5.4).
    public func forEachLeaf(_ body: (UInt64, X86PageTableEntry, X86PageSize) -> Void) {
        visit(table: rootAddress, depth: 0, base: 0, body)
    }

    private func visit(table: UInt64, depth: Int, base: UInt64, _ body: (UInt64, X86PageTableEntry, X86PageSize) -> Void) {
        let level = X86Paging.level(depth)
        let entries = memory.table(at: table)
        for index in 0..<level.entryCount {
            let entry = X86PageTableEntry(rawValue: entries[index])
            guard entry.isPresent else { continue }
            let virtual = CanonicalAddress.signExtend(base | (UInt64(index) << UInt64(level.shift)),
                                                      fromBits: X86Paging.virtualAddressBits)
            if depth == X86Paging.levelCount - 1 {
                body(virtual, entry, .size4K)
            } else if level.allowsLeaf && entry.isHuge, let size = X86PageSize(leafDepth: depth) {
                body(virtual, entry, size)
            } else {
                visit(table: entry.tableAddress, depth: depth + 1, base: virtual, body)
            }
        }
    }

    /// Calls `body(virtualStart, physicalStart, length, flags)` for every
    /// run of present leaves that are virtually and physically contiguous
    /// and have equal flags once `ignoring` is removed (by default the
    /// page size and the accessed/dirty bits). Reported flags are the
    /// normalized leaf flags (see `X86Translation`) minus `ignoring`.
    public func forEachMappedRange(
        ignoring: X86PageFlags = .sizeAndUsage,
        _ body: (UInt64, UInt64, UInt64, X86PageFlags) -> Void
    ) {
        var run = MappedRun()
        forEachLeaf { virtual, entry, size in
            let physical = entry.physicalAddress(for: size)
            let flags = entry.leafFlags(for: size).subtracting(ignoring)
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
