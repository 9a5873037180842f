/// Leaf encoding that hides the one level-dependent quirk of x86_64
/// entries: PAT is bit 12 in 2 MiB/1 GiB leaves but bit 7 in 4 KiB PTEs,
/// where bit 7 is not PS (Intel SDM Vol. 3A §4.5.5, Tables 4-18 to 4-20).
extension X86PageTableEntry {
    /// A present leaf mapping `physical` with `flags` as a page of `size`:
    /// PS set exactly for large pages, PAT moved to where `size` keeps it.
    public init(leaf physical: UInt64, flags: X86PageFlags, size: X86PageSize) {
        let pat = flags.contains(.pat)
        var bits = flags.subtracting(.huge).subtracting(.pat).union(.present).rawValue & ~Self.addressMask
        switch size {
        case .size4K:
            if pat { bits |= 1 << 7 }
        case .size2M, .size1G:
            bits |= X86PageFlags.huge.rawValue
            if pat { bits |= X86PageFlags.pat.rawValue }
        }
        self.init(rawValue: (physical & Self.addressMask & ~(size.bytes - 1)) | bits)
    }

    /// The attributes of this entry read as a leaf of `size`: `huge` set
    /// exactly for large pages, `pat` at bit 12 whatever the size.
    public func leafFlags(for size: X86PageSize) -> X86PageFlags {
        let raw = rawValue & ~Self.addressMask
        let bit7 = raw & X86PageFlags.huge.rawValue != 0
        var flags = X86PageFlags(rawValue: raw).subtracting(.huge)
        switch size {
        case .size4K:
            if bit7 { flags.insert(.pat) }
        case .size2M, .size1G:
            flags.insert(.huge)
            if rawValue & X86PageFlags.pat.rawValue != 0 { flags.insert(.pat) }
        }
        return flags
    }
}
