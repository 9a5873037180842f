/// A 64-bit linear address seen through x86_64 4-level paging: the table
/// indices it selects and its offset within a page (Intel SDM Vol. 3A §4.5.4,
/// Figures 4-8 to 4-10).
public struct X86VirtualAddress: Equatable, Hashable, Sendable {
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// Bits 47:39.
    public var pml4Index: Int { X86Paging.level(0).index(of: value) }
    /// Bits 38:30.
    public var pdptIndex: Int { X86Paging.level(1).index(of: value) }
    /// Bits 29:21.
    public var pdIndex: Int { X86Paging.level(2).index(of: value) }
    /// Bits 20:12.
    public var ptIndex: Int { X86Paging.level(3).index(of: value) }

    /// The index at table depth `depth` (0 = PML4).
    public func index(atDepth depth: Int) -> Int { X86Paging.level(depth).index(of: value) }

    /// The offset inside a page of `size`: bits 11:0, 20:0 or 29:0.
    public func pageOffset(for size: X86PageSize) -> UInt64 { value & (size.bytes - 1) }

    /// Bits 63:48 all equal bit 47 (§3.3.7.1); anything else faults (#GP).
    public var isCanonical: Bool { X86Paging.isCanonical(value) }
}
