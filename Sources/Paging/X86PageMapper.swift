/// Builds, changes and reads x86_64 4-level page tables (Intel SDM Vol. 3A
/// §4.5) reached through `Memory`. No heap: everything it touches is the
/// tables themselves, so the kernel can use it before its heap exists.
///
/// Intermediate entries never restrict access: tables the mapper creates
/// are present|writable (+user when the leaf is user) and never NX, and
/// existing ones are widened when a leaf needs it, so the leaf alone
/// decides permissions (access rights combine across levels, §4.6.1).
public struct X86PageMapper<Memory: PageTableMemory> {
    /// Physical address of the PML4 (CR3 without its flag bits).
    public var rootAddress: UInt64
    public var memory: Memory

    public init(rootAddress: UInt64, memory: Memory) {
        self.rootAddress = rootAddress
        self.memory = memory
    }

    /// The slot `index` of the table at physical `table`.
    @inline(__always)
    func slot(_ table: UInt64, _ index: Int) -> UnsafeMutablePointer<UInt64> {
        memory.table(at: table) + index
    }

    /// The present leaf mapping `virtual` and its page size, or nil
    /// (§4.5.4: stop at a non-present entry or at PS = 1 in a PDPT/PD entry).
    func leafSlot(for virtual: UInt64) -> (slot: UnsafeMutablePointer<UInt64>, size: X86PageSize)? {
        guard X86Paging.isCanonical(virtual) else { return nil }
        var table = rootAddress
        for depth in 0..<X86Paging.levelCount {
            let level = X86Paging.level(depth)
            let pointer = slot(table, level.index(of: virtual))
            let entry = X86PageTableEntry(rawValue: pointer.pointee)
            guard entry.isPresent else { return nil }
            if depth == X86Paging.levelCount - 1 { return (pointer, .size4K) }
            if level.allowsLeaf && entry.isHuge, let size = X86PageSize(leafDepth: depth) {
                return (pointer, size)
            }
            table = entry.tableAddress
        }
        return nil
    }

    /// The flags of a table entry created for a leaf with `leafFlags`.
    @inline(__always)
    static func intermediateFlags(for leafFlags: X86PageFlags) -> X86PageFlags {
        let base = X86PageFlags.present.union(.writable)
        return leafFlags.contains(.user) ? base.union(.user) : base
    }
}
