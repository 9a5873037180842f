/// Canonical-address arithmetic shared by every scheme whose virtual
/// addresses are narrower than 64 bits and sign-extended (x86_64: Intel SDM
/// Vol. 3A §3.3.7.1 "Canonical Addressing"; also AArch64 and RISC-V Sv39/48/57).
public enum CanonicalAddress {
    /// `value` with bits above `bits - 1` replaced by copies of bit `bits - 1`.
    @inline(__always)
    public static func signExtend(_ value: UInt64, fromBits bits: Int) -> UInt64 {
        let unused = UInt64(64 - bits)
        return UInt64(bitPattern: Int64(bitPattern: value << unused) >> unused)
    }

    /// Whether bits 63 through `bits - 1` of `value` are all equal.
    @inline(__always)
    public static func isCanonical(_ value: UInt64, bits: Int) -> Bool {
        signExtend(value, fromBits: bits) == value
    }
}
