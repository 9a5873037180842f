extension X86PageMapper {
    /// Calls `body` for each table the processor reads to translate
    /// `virtual`, outermost first (Intel SDM Vol. 3A §4.5.4): at most four
    /// steps, ending at a non-present entry or a leaf. Nothing for a
    /// non-canonical address, which faults before any walk.
    public func walk(_ virtual: UInt64, _ body: (X86WalkStep) -> Void) {
        guard X86Paging.isCanonical(virtual) else { return }
        var table = rootAddress
        for depth in 0..<X86Paging.levelCount {
            let level = X86Paging.level(depth)
            let index = level.index(of: virtual)
            let entry = X86PageTableEntry(rawValue: slot(table, index).pointee)
            body(X86WalkStep(levelName: level.name, depth: depth, tableAddress: table, index: index, entry: entry))
            if !entry.isPresent || (level.allowsLeaf && entry.isHuge) { return }
            table = entry.tableAddress
        }
    }
}
