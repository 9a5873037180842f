/// One 8-byte x86_64 paging-structure entry (Intel SDM Vol. 3A §4.5.5,
/// Tables 4-15 to 4-20): address bits 51:12 plus attribute bits.
///
/// The entry alone does not know its level. Bit 7 is PS in PDPT/PD entries
/// but PAT in a PTE; the properties here read it as PS, which is right for
/// every entry except a PTE with PAT set. Level-aware code (the mapper) uses
/// `physicalAddress(for:)` and `tableAddress`, which never guess.
public struct X86PageTableEntry: Equatable, Sendable {
    public var rawValue: UInt64

    /// Bits 51:12: a table's address, or a page frame's (low bits of large
    /// frames are PAT and reserved bits, §4.5.5 Tables 4-17, 4-18).
    public static let addressMask: UInt64 = 0x000F_FFFF_FFFF_F000

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// An entry pointing at `physicalAddress` (bits 51:12 kept) with `flags`
    /// stored as given; `pat` (bit 12) is only kept when `huge` is set.
    public init(physicalAddress: UInt64, flags: X86PageFlags) {
        var bits = flags.rawValue & ~Self.addressMask
        if flags.contains(.huge) { bits |= flags.rawValue & X86PageFlags.pat.rawValue }
        rawValue = (physicalAddress & Self.addressMask) | bits
    }

    /// All non-address bits (0-11, 52-63), plus PAT (bit 12) when PS is set.
    public var flags: X86PageFlags {
        var bits = rawValue & ~Self.addressMask
        if bits & X86PageFlags.huge.rawValue != 0 { bits |= rawValue & X86PageFlags.pat.rawValue }
        return X86PageFlags(rawValue: bits)
    }

    /// Bits 51:12, without bit 12 when PS is set (PAT of a large page).
    public var physicalAddress: UInt64 {
        let address = rawValue & Self.addressMask
        return isHuge ? address & ~X86PageFlags.pat.rawValue : address
    }

    /// The frame of a leaf mapping a page of `size`: bits 51:12, 51:21 or
    /// 51:30 (§4.5.4, Figures 4-8 to 4-10).
    @inline(__always)
    public func physicalAddress(for size: X86PageSize) -> UInt64 {
        rawValue & Self.addressMask & ~(size.bytes - 1)
    }

    /// The next table referenced by a non-leaf entry: bits 51:12.
    @inline(__always)
    public var tableAddress: UInt64 { rawValue & Self.addressMask }

    /// P (bit 0).
    @inline(__always)
    public var isPresent: Bool { rawValue & X86PageFlags.present.rawValue != 0 }

    /// PS (bit 7); meaningful only in PDPT and PD entries.
    @inline(__always)
    public var isHuge: Bool { rawValue & X86PageFlags.huge.rawValue != 0 }
}
