/// An AArch64 translation granule: the page size, and so the offset and
/// index widths (Arm ARM D8.2 "Translation table walk").
public enum AArch64Granule: Int, Sendable, Equatable {
    case size4K = 12
    case size16K = 14
    case size64K = 16

    /// Bits of the page offset.
    public var pageShift: Int { rawValue }
    /// Index bits per level: a granule-sized table of 8-byte descriptors.
    public var bitsPerLevel: Int { rawValue - 3 }

    /// Whether stage 1 with this granule takes a `bits`-wide virtual
    /// address. The size is 64 - TCR_ELx.TnSZ (Arm ARM D8.1 / ARMv8.0
    /// D4.2.5): TnSZ 16...39 gives 25...48 bits with every granule, the
    /// initial lookup level following from it (4K: L0 for 40-48, L1 for
    /// 31-39, L2 for 25-30; 16K: L0 for 48, L1 37-47, L2 26-36, L3 25;
    /// 64K: L1 43-48, L2 30-42, L3 25-29). TnSZ 12...15 (49...52 bits)
    /// needs FEAT_LPA2 with the 4K and 16K granules (one more level, L-1
    /// for 4K) and FEAT_LVA with 64K. (FEAT_TTST's smaller sizes are not
    /// offered.)
    public func supports(virtualAddressBits bits: Int) -> Bool {
        bits >= AArch64Granule.minimumVirtualAddressBits && bits <= AArch64Granule.maximumVirtualAddressBits
    }

    /// 64 - the largest TnSZ without FEAT_TTST (39).
    public static let minimumVirtualAddressBits = 25
    /// 64 - the smallest TnSZ with FEAT_LPA2 / FEAT_LVA (12).
    public static let maximumVirtualAddressBits = 52
    /// Above this, FEAT_LPA2 (4K, 16K) or FEAT_LVA (64K) is needed.
    public static let largestPlainVirtualAddressBits = 48
}

/// AArch64 VMSAv8-64 stage 1 (Arm ARM D8). Levels are named L-1..L3 as the
/// architecture does; the walk starts at the level the VA size needs (for
/// 4K: 39 bits start at L1, 48 at L0, 52 at L-1). A VA size above 48 bits
/// is taken to mean the 52-bit features (FEAT_LPA2 for 4K/16K, with
/// TCR_ELx.DS = 1; FEAT_LVA + FEAT_LPA for 64K), which also allow blocks
/// one level higher and 52-bit output addresses.
extension PagingScheme {
    public static func aarch64(granule: AArch64Granule, virtualAddressBits bits: Int)
        throws(PagingSchemeError) -> PagingScheme
    {
        guard granule.supports(virtualAddressBits: bits) else {
            throw .unsupportedVirtualAddressBits(granule: granule, bits: bits)
        }
        let is52 = bits > AArch64Granule.largestPlainVirtualAddressBits
        // Blocks: 4K at L1/L2 (L0 with LPA2), 16K at L2 (L1 with LPA2),
        // 64K at L2 (L1 with 52-bit output addresses).
        let leafLevels = (granule == .size4K ? 3 : 2) + (is52 ? 1 : 0)
        return PagingScheme(
            kind: .aarch64, granule: granule, virtualAddressBits: bits, pageShift: granule.pageShift,
            bitsPerLevel: granule.bitsPerLevel, leafLevels: leafLevels, entryBytes: 8, addressWidth: 64,
            physicalAddressBits: is52 ? 52 : 48, canonicalForm: .upperOrLowerRange)
    }

    /// 4 KiB granule with LPA2 (52-bit) or 16 KiB with LPA2: output address
    /// bits 51:50 live in descriptor bits 9:8 (SH moves to TCR).
    var usesLPA2: Bool { kind == .aarch64 && physicalAddressBits == 52 && granule != .size64K }

    /// The output address held in a descriptor, aligned to `alignShift`.
    func aarch64OutputAddress(_ raw: UInt64, alignShift: Int) -> UInt64 {
        var address = raw & bitMask(usesLPA2 ? 49 : 47, alignShift)
        if usesLPA2 {
            address |= bits(raw, 9, 8) << 50
        } else if physicalAddressBits == 52 {
            // 64K granule, FEAT_LPA: OA[51:48] in descriptor bits 15:12.
            address |= bits(raw, 15, 12) << 48
        }
        return address
    }

    func decodeAArch64Entry(_ raw: UInt64, depth: Int) -> DecodedPageTableEntry {
        var entry = DecodedPageTableEntry(kind: .invalid, rawValue: raw, depth: depth, physicalAddress: 0, pageSize: 0)
        guard raw & 1 != 0 else { return entry }
        let level = level(depth)
        let last = depth == levelCount - 1
        let bit1 = raw & 2 != 0
        if last {
            // L3: 0b11 is a page, 0b01 is reserved (D8.3.1).
            guard bit1 else { entry.kind = .reserved; return entry }
            entry.kind = .page
        } else if bit1 {
            entry.kind = .table
            entry.physicalAddress = aarch64OutputAddress(raw, alignShift: pageShift)
            return entry
        } else {
            guard level.allowsLeaf else { entry.kind = .reserved; return entry }
            entry.kind = .page
        }
        entry.pageSize = level.bytesPerEntry
        entry.physicalAddress = aarch64OutputAddress(raw, alignShift: level.shift)
        return entry
    }

    func aarch64Fields(_ raw: UInt64, depth: Int, _ body: (PageTableEntryField) -> Void) {
        func field(_ name: StaticString, _ meaning: StaticString, _ high: Int, _ low: Int) {
            body(PageTableEntryField(name: name, meaning: meaning, high: high, low: low, value: bits(raw, high, low)))
        }
        let decoded = decodeAArch64Entry(raw, depth: depth)
        field("V", "valid", 0, 0)
        field("T", depth == levelCount - 1 ? "page (1) / reserved (0)" : "table (1) / block (0)", 1, 1)
        if decoded.kind == .table {
            field("NSTable", "non-secure table", 63, 63)
            field("APTable", "access permissions limit for lower levels", 62, 61)
            field("UXNTable", "unprivileged execute-never for lower levels", 60, 60)
            field("PXNTable", "privileged execute-never for lower levels", 59, 59)
            return
        }
        field("AttrIndx", "MAIR_ELx attribute index", 4, 2)
        field("NS", "non-secure", 5, 5)
        field("AP", "access permissions (AP[2:1]: 00 EL1 RW, 01 RW all, 10 EL1 RO, 11 RO all)", 7, 6)
        if usesLPA2 {
            field("OA[51:50]", "output address bits 51:50 (LPA2)", 9, 8)
        } else {
            field("SH", "shareability (00 non, 10 outer, 11 inner)", 9, 8)
        }
        field("AF", "access flag", 10, 10)
        field("nG", "not global", 11, 11)
        field("DBM", "dirty bit modifier", 51, 51)
        field("Contiguous", "contiguous hint", 52, 52)
        field("PXN", "privileged execute-never", 53, 53)
        field("UXN", "unprivileged execute-never (XN)", 54, 54)
        field("SW", "reserved for software", 58, 55)
    }
}
