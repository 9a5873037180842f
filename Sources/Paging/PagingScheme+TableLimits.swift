/// What the table entries above a leaf take away from it. A walk gathers
/// these on its way down; applied to the leaf they give the entry the
/// processor effectively uses, so that merged ranges and translations
/// report the permissions an access really gets.
///
/// - x86 (Intel SDM Vol. 3A §4.6.1): writes need R/W = 1 and user accesses
///   U/S = 1 in every entry of the walk; XD = 1 in any entry forbids fetches.
///   (PAE PDPTEs carry none of these bits, §4.4.1.)
/// - AArch64 (Arm ARM D8, "Hierarchical permissions"): APTable[1] (bit 62)
///   makes everything below read-only (as AP[2] = 1), APTable[0] (bit 61)
///   takes away EL0 access (as AP[1] = 0), UXNTable (bit 60) and PXNTable
///   (bit 59) force UXN and PXN. Assumes TCR_ELx.HPDn = 0 (limits enabled).
/// - RISC-V: non-leaf PTEs carry no permissions (priv. spec §10.3.1: their
///   U, A, D bits are reserved), so nothing is inherited.
public struct InheritedLimits: Sendable, Equatable {
    /// Leaf bits forced to 0 (x86 R/W and U/S; AArch64 AP[1]).
    public var clearedBits: UInt64
    /// Leaf bits forced to 1 (x86 XD; AArch64 AP[2], PXN, UXN).
    public var setBits: UInt64

    public init(clearedBits: UInt64 = 0, setBits: UInt64 = 0) {
        self.clearedBits = clearedBits
        self.setBits = setBits
    }

    /// No limits: what the root starts with.
    public static let none = InheritedLimits()
}

extension PagingScheme {
    /// `limits` with those of the table entry `raw` at `depth` added.
    @inline(__always)
    public func limits(_ limits: InheritedLimits, addingTableEntry raw: UInt64, depth: Int) -> InheritedLimits {
        var result = limits
        switch kind {
        case .x86_64, .x86_64LA57, .i386, .i386PAE:
            if kind == .i386PAE && depth == 0 { return result }
            result.clearedBits |= ~raw & 0b110                         // R/W, U/S
            if entryBytes == 8 { result.setBits |= raw & (1 << 63) }   // XD
        case .aarch64:
            if raw & (1 << 62) != 0 { result.setBits |= 1 << 7 }       // APTable[1]: AP[2] = 1, read-only
            if raw & (1 << 61) != 0 { result.clearedBits |= 1 << 6 }   // APTable[0]: AP[1] = 0, no EL0
            if raw & (1 << 60) != 0 { result.setBits |= 1 << 54 }      // UXNTable
            if raw & (1 << 59) != 0 { result.setBits |= 1 << 53 }      // PXNTable
        case .sv32, .sv39, .sv48, .sv57:
            break
        }
        return result
    }

    /// The leaf entry `raw` as the processor applies it under `limits`.
    @inline(__always)
    public func effectiveLeafEntry(_ raw: UInt64, limits: InheritedLimits) -> UInt64 {
        raw & ~limits.clearedBits | limits.setBits
    }
}
