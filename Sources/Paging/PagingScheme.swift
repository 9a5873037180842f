/// A radix paging scheme described as data: how wide a virtual address is,
/// how many bits the page offset and each table level take, and how the
/// bits above the translated ones must look. Every scheme this module
/// knows (x86_64 4- and 5-level, i386 2-level and PAE, AArch64 with every
/// granule and VA size, RISC-V Sv32/39/48/57) is one of these; the
/// decomposition, reverse and entry-decoding code works from the numbers,
/// so schemes differ in data rather than in code. Nothing here allocates.
///
/// Depth 0 is always the root table (the one CR3/TTBRn/satp points at).
public struct PagingScheme: Sendable, Equatable {
    /// Which architecture's rules apply (names, entry format, canonical form).
    public enum Kind: Sendable, Equatable {
        /// IA-32e paging with CR4.LA57 = 0 (Intel SDM Vol. 3A §4.5).
        case x86_64
        /// IA-32e paging with CR4.LA57 = 1: 57-bit addresses, PML5 on top.
        case x86_64LA57
        /// 32-bit paging (§4.3): PD and PT, 4 KiB pages and 4 MiB pages (PSE).
        case i386
        /// PAE paging (§4.4): PDPT (4 entries), PD and PT, 8-byte entries.
        case i386PAE
        /// VMSAv8-64 stage 1 translation (Arm ARM D8).
        case aarch64
        /// RISC-V privileged spec §10.3 (Sv32) and §10.4–10.6 (Sv39/48/57).
        case sv32, sv39, sv48, sv57
    }

    /// How the address bits above `virtualAddressBits` must look.
    public enum CanonicalForm: Sendable, Equatable {
        /// A 32-bit scheme: there are no bits above the virtual address.
        case none
        /// Bits above the top translated bit copy it (x86_64, RISC-V).
        case signExtended
        /// Bits above the VA size are all 0 (TTBR0) or all 1 (TTBR1) (AArch64).
        case upperOrLowerRange
    }

    public var kind: Kind
    /// The AArch64 translation granule; `.size4K` for every other scheme.
    public var granule: AArch64Granule
    /// Bits of the virtual address that are translated (48 for x86_64).
    public var virtualAddressBits: Int
    /// Bits of the smallest page's offset (12, 14 or 16).
    public var pageShift: Int
    /// Index bits of every level but possibly the root (9, 10, 11 or 13).
    public var bitsPerLevel: Int
    /// Tables visited by a full walk.
    public var levelCount: Int
    /// How many levels, counted from the bottom, may hold a leaf.
    public var leafLevels: Int
    /// Bytes in one table entry (4 or 8).
    public var entryBytes: Int
    /// Width of an address register: 32 for i386 and Sv32, else 64.
    public var addressWidth: Int
    /// Physical address bits an entry can express.
    public var physicalAddressBits: Int
    public var canonicalForm: CanonicalForm

    init(kind: Kind, granule: AArch64Granule = .size4K, virtualAddressBits: Int, pageShift: Int, bitsPerLevel: Int,
         leafLevels: Int, entryBytes: Int, addressWidth: Int, physicalAddressBits: Int, canonicalForm: CanonicalForm) {
        self.kind = kind
        self.granule = granule
        self.virtualAddressBits = virtualAddressBits
        self.pageShift = pageShift
        self.bitsPerLevel = bitsPerLevel
        let translated = virtualAddressBits - pageShift
        let count = (translated + bitsPerLevel - 1) / bitsPerLevel
        self.levelCount = count
        self.leafLevels = leafLevels < count ? leafLevels : count
        self.entryBytes = entryBytes
        self.addressWidth = addressWidth
        self.physicalAddressBits = physicalAddressBits
        self.canonicalForm = canonicalForm
    }

    /// The level at `depth` (0 = root): its manual name, the address bits
    /// it indexes and whether an entry there may be a leaf.
    @inline(__always)
    public func level(_ depth: Int) -> PageTableLevel {
        let fromBottom = levelCount - 1 - depth
        let shift = pageShift + bitsPerLevel * fromBottom
        let bits = depth == 0 ? virtualAddressBits - shift : bitsPerLevel
        return PageTableLevel(name: levelName(depth), shift: shift, indexBits: bits, allowsLeaf: fromBottom < leafLevels)
    }

    /// The name the architecture manual gives the table at `depth`.
    public func levelName(_ depth: Int) -> StaticString {
        let fromBottom = levelCount - 1 - depth
        switch kind {
        case .x86_64, .x86_64LA57, .i386, .i386PAE:
            switch fromBottom {
            case 0: return "PT"
            case 1: return "PD"
            case 2: return "PDPT"
            case 3: return "PML4"
            default: return "PML5"
            }
        case .aarch64:
            switch fromBottom {
            case 0: return "L3"
            case 1: return "L2"
            case 2: return "L1"
            case 3: return "L0"
            default: return "L-1"
            }
        case .sv32, .sv39, .sv48, .sv57:
            switch fromBottom {
            case 0: return "VPN[0]"
            case 1: return "VPN[1]"
            case 2: return "VPN[2]"
            case 3: return "VPN[3]"
            default: return "VPN[4]"
            }
        }
    }

    /// The smallest page size in bytes.
    public var pageSize: UInt64 { 1 << UInt64(pageShift) }

    /// Whether `address` fits in an address register of this scheme
    /// (always for 64-bit schemes; below 2^32 for i386 and Sv32).
    public func fits(_ address: UInt64) -> Bool {
        addressWidth >= 64 || address >> UInt64(addressWidth) == 0
    }

    /// The index `address` selects at `depth`.
    @inline(__always)
    public func index(of address: UInt64, depth: Int) -> Int { level(depth).index(of: address) }

    /// The offset inside the smallest page.
    @inline(__always)
    public func pageOffset(of address: UInt64) -> UInt64 { address & (pageSize - 1) }

    /// The offset inside a leaf at `depth` (a large page or block there).
    @inline(__always)
    public func pageOffset(of address: UInt64, leafDepth depth: Int) -> UInt64 {
        address & (level(depth).bytesPerEntry - 1)
    }

    /// The canonical check for `address` (see `CanonicalCheck`).
    public func canonicalCheck(_ address: UInt64) -> CanonicalCheck {
        let va = virtualAddressBits
        switch canonicalForm {
        case .none:
            return CanonicalCheck(isCanonical: true, upperHalf: false, checkedHigh: -1, checkedLow: -1, offendingBits: 0)
        case .signExtended:
            let extended = CanonicalAddress.signExtend(address, fromBits: va)
            let offending = extended ^ address
            return CanonicalCheck(isCanonical: offending == 0, upperHalf: (extended >> 63) != 0,
                                  checkedHigh: 63, checkedLow: va, offendingBits: offending)
        case .upperOrLowerRange:
            let upper = address >> 63 != 0
            let high = (address >> UInt64(va)) << UInt64(va)
            let expected: UInt64 = upper ? ~0 << UInt64(va) : 0
            let offending = high ^ expected
            return CanonicalCheck(isCanonical: offending == 0, upperHalf: upper,
                                  checkedHigh: 63, checkedLow: va, offendingBits: offending)
        }
    }

    /// The address built from one index per level, root first, and an
    /// offset. Fewer indices than levels describe a leaf higher up (a large
    /// page or block), whose offset may then cover the remaining bits.
    /// The result is sign-extended (x86_64, RISC-V), or for AArch64 in the
    /// TTBR1 range when `upperHalf` is true.
    public func address<C: Collection>(indices: C, offset: UInt64 = 0, upperHalf: Bool = false)
        throws(PagingSchemeError) -> UInt64 where C.Element == Int
    {
        let count = indices.count
        guard count >= 1, count <= levelCount, level(count - 1).allowsLeaf || count == levelCount else {
            throw .wrongIndexCount(given: count, expected: levelCount)
        }
        var value: UInt64 = 0
        var depth = 0
        for index in indices {
            let l = level(depth)
            guard index >= 0, index < l.entryCount else {
                throw .indexOutOfRange(depth: depth, index: index, limit: l.entryCount)
            }
            value |= UInt64(index) << UInt64(l.shift)
            depth += 1
        }
        let limit = level(count - 1).bytesPerEntry
        guard offset < limit else { throw .offsetTooLarge(offset: offset, limit: limit) }
        value |= offset
        switch canonicalForm {
        case .none: return value
        case .signExtended: return CanonicalAddress.signExtend(value, fromBits: virtualAddressBits)
        case .upperOrLowerRange: return upperHalf ? value | (~0 << UInt64(virtualAddressBits)) : value
        }
    }

    /// The entry at `depth` decoded: what it points to and where.
    public func decodeEntry(_ raw: UInt64, depth: Int) -> DecodedPageTableEntry {
        switch kind {
        case .x86_64, .x86_64LA57, .i386, .i386PAE: return decodeX86Entry(raw, depth: depth)
        case .aarch64: return decodeAArch64Entry(raw, depth: depth)
        case .sv32, .sv39, .sv48, .sv57: return decodeRISCVEntry(raw, depth: depth)
        }
    }

    /// Calls `body` with every field of the entry at `depth` that the
    /// architecture defines for an entry of its kind (flags set or not).
    public func forEachField(ofEntry raw: UInt64, depth: Int, _ body: (PageTableEntryField) -> Void) {
        switch kind {
        case .x86_64, .x86_64LA57, .i386, .i386PAE: x86Fields(raw, depth: depth, body)
        case .aarch64: aarch64Fields(raw, depth: depth, body)
        case .sv32, .sv39, .sv48, .sv57: riscvFields(raw, depth: depth, body)
        }
    }
}

/// Bits `high`...`low` of `value`, shifted down.
@inline(__always)
func bits(_ value: UInt64, _ high: Int, _ low: Int) -> UInt64 {
    let width = high - low + 1
    let mask: UInt64 = width >= 64 ? ~0 : (1 << UInt64(width)) - 1
    return (value >> UInt64(low)) & mask
}

/// A mask of bits `high`...`low`.
@inline(__always)
func bitMask(_ high: Int, _ low: Int) -> UInt64 { bits(~0, high - low, 0) << UInt64(low) }

/// The result of checking the bits above the translated ones.
public struct CanonicalCheck: Sendable, Equatable {
    public var isCanonical: Bool
    /// Sign-extended schemes: the address is (or would be) in the upper
    /// half. AArch64: bit 63 is set, so TTBR1 translates it.
    public var upperHalf: Bool
    /// The bits that were checked, `checkedHigh`...`checkedLow` (-1 when
    /// the scheme has none).
    public var checkedHigh: Int
    public var checkedLow: Int
    /// The bits among them that have the wrong value.
    public var offendingBits: UInt64
}

/// Why an address could not be built from indices, or a scheme made.
public enum PagingSchemeError: Error, Equatable, Sendable {
    /// Not one index per level (or fewer, ending at a level with leaves).
    case wrongIndexCount(given: Int, expected: Int)
    /// An index is not below the number of entries at its level.
    case indexOutOfRange(depth: Int, index: Int, limit: Int)
    /// The offset does not fit in the page the indices select.
    case offsetTooLarge(offset: UInt64, limit: UInt64)
    /// The granule does not support this virtual-address size.
    case unsupportedVirtualAddressBits(granule: AArch64Granule, bits: Int)
}

/// One table entry decoded.
public struct DecodedPageTableEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Present/valid clear: the walk faults here.
        case invalid
        /// Valid but an encoding the architecture reserves (faults).
        case reserved
        /// Points to the next level's table.
        case table
        /// Maps a page (a large page or block above the last level).
        case page
    }

    public var kind: Kind
    public var rawValue: UInt64
    public var depth: Int
    /// The next table's or the page frame's physical address (0 if invalid).
    public var physicalAddress: UInt64
    /// Bytes a page maps (0 unless `kind == .page`).
    public var pageSize: UInt64
}

/// One field of a table entry: a single flag when `high == low`.
public struct PageTableEntryField: Sendable {
    /// The manual's abbreviation ("P", "R/W", "AttrIndx", "V").
    public var name: StaticString
    /// What it means, in a few words.
    public var meaning: StaticString
    public var high: Int
    public var low: Int
    public var value: UInt64

    public init(name: StaticString, meaning: StaticString, high: Int, low: Int, value: UInt64) {
        self.name = name
        self.meaning = meaning
        self.high = high
        self.low = low
        self.value = value
    }
}
