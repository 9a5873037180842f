/// What a leaf entry permits, in terms every scheme shares.
public struct LeafPermissions: Sendable, Equatable {
    public var readable: Bool
    public var writable: Bool
    public var executable: Bool
    public var user: Bool
    public var global: Bool

    public init(readable: Bool, writable: Bool, executable: Bool, user: Bool, global: Bool) {
        self.readable = readable
        self.writable = writable
        self.executable = executable
        self.user = user
        self.global = global
    }
}

extension PagingScheme {
    /// The bits of a leaf entry that say how the page may be used and
    /// cached, the address, the type bits (valid, PS/block/page) and the
    /// bits hardware updates (accessed, dirty) left out; leaves with equal
    /// attributes and contiguous frames merge into one range.
    /// x86: R/W, U/S, PWT, PCD, G, PK, XD. AArch64: AttrIndx, NS, AP, SH,
    /// nG, PXN, UXN. RISC-V: R, W, X, U, G, PBMT.
    public func leafAttributes(_ raw: UInt64, depth: Int) -> UInt64 {
        switch kind {
        case .x86_64, .x86_64LA57, .i386, .i386PAE:
            var mask: UInt64 = 0x11E
            if entryBytes == 8 { mask |= 1 << 63 }
            if kind == .x86_64 || kind == .x86_64LA57 { mask |= bitMask(62, 59) }
            return raw & mask
        case .aarch64:
            var mask: UInt64 = bitMask(7, 2) | 1 << 11 | 1 << 53 | 1 << 54
            if !usesLPA2 { mask |= bitMask(9, 8) }
            return raw & mask
        case .sv32, .sv39, .sv48, .sv57:
            var mask: UInt64 = bitMask(5, 1)
            if kind != .sv32 { mask |= bitMask(62, 61) }
            return raw & mask
        }
    }

    /// The permissions a leaf entry grants by itself (upper-level limits,
    /// such as x86 R/W and U/S or AArch64 APTable, are not applied).
    public func leafPermissions(_ raw: UInt64, depth: Int) -> LeafPermissions {
        switch kind {
        case .x86_64, .x86_64LA57, .i386, .i386PAE:
            let nx = entryBytes == 8 && raw >> 63 != 0
            return LeafPermissions(readable: true, writable: raw & 2 != 0, executable: !nx, user: raw & 4 != 0,
                                   global: raw & 0x100 != 0)
        case .aarch64:
            let ap = bits(raw, 7, 6)
            let user = ap & 1 != 0
            let executable = user ? raw & (1 << 54) == 0 : raw & (1 << 53) == 0
            return LeafPermissions(readable: true, writable: ap & 2 == 0, executable: executable, user: user,
                                   global: raw & (1 << 11) == 0)
        case .sv32, .sv39, .sv48, .sv57:
            return LeafPermissions(readable: raw & 2 != 0, writable: raw & 4 != 0, executable: raw & 8 != 0,
                                   user: raw & 0x10 != 0, global: raw & 0x20 != 0)
        }
    }
}
