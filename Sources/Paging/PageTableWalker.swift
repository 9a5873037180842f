/// Reads page-table entries from physical memory: a buffer holding a dump,
/// the kernel's direct map, or a live target. Nothing here allocates.
public protocol PhysicalMemoryReader {
    /// The `bytes`-wide (4 or 8) little-endian value at `physicalAddress`,
    /// or nil when any of those bytes is outside the memory.
    func readEntry(at physicalAddress: UInt64, bytes: Int) -> UInt64?
}

/// Physical memory held in a buffer whose first byte is physical address
/// `base` (a raw dump, or tables a test builds).
public struct BufferPhysicalMemory: PhysicalMemoryReader {
    public var base: UInt64
    public var bytes: UnsafeRawBufferPointer

    public init(base: UInt64 = 0, bytes: UnsafeRawBufferPointer) {
        self.base = base
        self.bytes = bytes
    }

    /// Whether `physicalAddress` is inside the buffer.
    public func contains(_ physicalAddress: UInt64) -> Bool {
        physicalAddress >= base && physicalAddress - base < UInt64(bytes.count)
    }

    public func readEntry(at physicalAddress: UInt64, bytes width: Int) -> UInt64? {
        guard physicalAddress >= base, width > 0, width <= 8 else { return nil }
        let offset = physicalAddress - base
        let count = UInt64(bytes.count)
        guard offset < count, count - offset >= UInt64(width) else { return nil }
        let start = Int(offset)
        var value: UInt64 = 0
        var i = width - 1
        while i >= 0 {
            value = value << 8 | UInt64(bytes[start + i])
            i -= 1
        }
        return value
    }
}

/// One level of a translation: the table read, the entry used and what it is.
public struct PageWalkStep: Sendable {
    public var depth: Int
    /// The manual's name for the level ("PML4", "L1", "VPN[2]").
    public var levelName: StaticString
    public var tableAddress: UInt64
    public var index: Int
    /// Where the entry is: `tableAddress + index * entryBytes`.
    public var entryAddress: UInt64
    /// The entry (raw value, kind, next table or page frame).
    public var entry: DecodedPageTableEntry

    public init(depth: Int, levelName: StaticString, tableAddress: UInt64, index: Int, entryAddress: UInt64,
                entry: DecodedPageTableEntry) {
        self.depth = depth
        self.levelName = levelName
        self.tableAddress = tableAddress
        self.index = index
        self.entryAddress = entryAddress
        self.entry = entry
    }

    static let empty = PageWalkStep(
        depth: 0, levelName: "", tableAddress: 0, index: 0, entryAddress: 0,
        entry: DecodedPageTableEntry(kind: .invalid, rawValue: 0, depth: 0, physicalAddress: 0, pageSize: 0))
}

/// Why a translation stopped without a page.
public enum PageWalkFailure: Sendable, Equatable {
    /// The address is not canonical for the scheme (nothing was read).
    case nonCanonical
    /// The entry at `depth` is not present/valid.
    case notPresent(depth: Int)
    /// The entry at `depth` uses an encoding the architecture reserves.
    case reserved(depth: Int)
    /// The entry at `depth` (at `address`) is outside the readable memory.
    case outsideMemory(depth: Int, address: UInt64)
}

/// The end of a translation.
public enum PageWalkOutcome: Sendable, Equatable {
    /// A page maps the address: its physical address, the page size and
    /// the depth of the leaf entry.
    case mapped(physicalAddress: UInt64, pageSize: UInt64, leafDepth: Int)
    case failed(PageWalkFailure)
}

/// A translation: every step (root first) and the outcome. The steps are
/// stored inline (at most `PageTranslation.capacity`), so no heap is used.
public struct PageTranslation: Sendable {
    public static let capacity = 6
    public var virtualAddress: UInt64
    public var outcome: PageWalkOutcome
    /// The leaf entry with the limits of the tables above it applied (see
    /// `InheritedLimits`): what the processor grants. 0 when not mapped.
    public var effectiveLeafEntry: UInt64 = 0
    public private(set) var stepCount: Int = 0
    private var storage: (PageWalkStep, PageWalkStep, PageWalkStep, PageWalkStep, PageWalkStep, PageWalkStep) =
        (.empty, .empty, .empty, .empty, .empty, .empty)

    init(virtualAddress: UInt64, outcome: PageWalkOutcome) {
        self.virtualAddress = virtualAddress
        self.outcome = outcome
    }

    /// The step at `i` (0 = root), `i < stepCount`.
    public func step(_ i: Int) -> PageWalkStep {
        precondition(i >= 0 && i < stepCount)
        switch i {
        case 0: return storage.0
        case 1: return storage.1
        case 2: return storage.2
        case 3: return storage.3
        case 4: return storage.4
        default: return storage.5
        }
    }

    mutating func append(_ s: PageWalkStep) {
        switch stepCount {
        case 0: storage.0 = s
        case 1: storage.1 = s
        case 2: storage.2 = s
        case 3: storage.3 = s
        case 4: storage.4 = s
        default: storage.5 = s
        }
        stepCount += 1
    }

    /// The physical address, when a page maps the virtual address.
    public var physicalAddress: UInt64? {
        if case .mapped(let p, _, _) = outcome { return p }
        return nil
    }
}

/// A run of leaf mappings with equal attributes (`PagingScheme.leafAttributes`),
/// contiguous in both virtual and physical addresses.
public struct PageMapping: Sendable, Equatable {
    /// The first virtual address (sign-extended, or in the TTBR1 range).
    public var virtualStart: UInt64
    public var physicalStart: UInt64
    /// Bytes mapped.
    public var size: UInt64
    /// The attribute bits every leaf in the range shares, taken from the
    /// effective entries (upper-level limits applied, see `InheritedLimits`).
    public var attributes: UInt64
    /// The first leaf's raw entry, page size and depth.
    public var firstEntry: UInt64
    /// The first leaf's entry with the limits of the tables above applied:
    /// pass it to `PagingScheme.leafPermissions` for what an access gets.
    public var effectiveEntry: UInt64
    public var pageSize: UInt64
    public var leafDepth: Int
    /// How many leaf entries were merged.
    public var leafCount: Int

    /// The last virtual address in the range (inclusive).
    public var virtualEnd: UInt64 { virtualStart &+ (size &- 1) }
}

/// What an enumeration saw.
public struct PageWalkSummary: Sendable, Equatable {
    /// Entries read (valid or not).
    public var entriesVisited: Int = 0
    /// Leaf entries found.
    public var leaves: Int = 0
    /// Merged ranges reported.
    public var ranges: Int = 0
    /// Table entries whose next table (or the root) lay outside the memory.
    public var tablesOutsideMemory: Int = 0
    /// Entries with a reserved encoding.
    public var reservedEntries: Int = 0
    /// The cap on entries visited stopped the enumeration early.
    public var truncated: Bool = false
    /// The root table is not (entirely) in the memory.
    public var rootOutsideMemory: Bool = false
}

/// Walks the tables of any `PagingScheme` through a `PhysicalMemoryReader`.
/// Enumeration descends at most `scheme.levelCount` levels, so tables that
/// point back at themselves cannot loop; `maxEntriesVisited` bounds the work.
public struct PageTableWalker<Memory: PhysicalMemoryReader> {
    public var scheme: PagingScheme
    public var memory: Memory
    /// Enumeration stops (and reports `truncated`) after reading this many entries.
    public var maxEntriesVisited: Int

    public init(scheme: PagingScheme, memory: Memory, maxEntriesVisited: Int = 1 << 24) {
        self.scheme = scheme
        self.memory = memory
        self.maxEntriesVisited = maxEntriesVisited
    }

    /// Translates `virtual` starting at the root table at physical `root`.
    public func translate(_ virtual: UInt64, root: UInt64) -> PageTranslation {
        var result = PageTranslation(virtualAddress: virtual, outcome: .failed(.nonCanonical))
        guard scheme.fits(virtual), scheme.canonicalCheck(virtual).isCanonical else { return result }
        var table = root
        var depth = 0
        var limits = InheritedLimits.none
        let width = UInt64(scheme.entryBytes)
        while depth < scheme.levelCount && depth < PageTranslation.capacity {
            let level = scheme.level(depth)
            let index = level.index(of: virtual)
            let entryAddress = table &+ UInt64(index) &* width
            guard let raw = memory.readEntry(at: entryAddress, bytes: scheme.entryBytes) else {
                result.outcome = .failed(.outsideMemory(depth: depth, address: entryAddress))
                return result
            }
            let entry = scheme.decodeEntry(raw, depth: depth)
            result.append(PageWalkStep(depth: depth, levelName: level.name, tableAddress: table, index: index,
                                       entryAddress: entryAddress, entry: entry))
            switch entry.kind {
            case .invalid:
                result.outcome = .failed(.notPresent(depth: depth))
                return result
            case .reserved:
                result.outcome = .failed(.reserved(depth: depth))
                return result
            case .page:
                let offset = virtual & (entry.pageSize &- 1)
                result.outcome = .mapped(physicalAddress: entry.physicalAddress | offset, pageSize: entry.pageSize,
                                         leafDepth: depth)
                result.effectiveLeafEntry = scheme.effectiveLeafEntry(raw, limits: limits)
                return result
            case .table:
                limits = scheme.limits(limits, addingTableEntry: raw, depth: depth)
                table = entry.physicalAddress
                depth += 1
            }
        }
        // A table pointer where the last level should be: the decoders never
        // produce one, but fail safely if a scheme ever did.
        result.outcome = .failed(.reserved(depth: depth - 1))
        return result
    }

    /// Calls `body` with every mapping under the root table at `root`, in
    /// increasing (unextended) virtual order, merged into ranges of equal
    /// attributes with contiguous physical addresses. On AArch64,
    /// `upperHalf` places the addresses in the TTBR1 range.
    @discardableResult
    public func enumerateMappings(root: UInt64, upperHalf: Bool = false,
                                  _ body: (PageMapping) -> Void) -> PageWalkSummary {
        var state = EnumerationState()
        if memory.readEntry(at: root, bytes: scheme.entryBytes) == nil {
            state.summary.rootOutsideMemory = true
            state.summary.tablesOutsideMemory = 1
            return state.summary
        }
        visit(table: root, depth: 0, base: 0, limits: .none, upperHalf: upperHalf, state: &state, body)
        if let last = state.pending {
            state.summary.ranges += 1
            body(last)
        }
        return state.summary
    }

    struct EnumerationState {
        var summary = PageWalkSummary()
        var pending: PageMapping?
    }

    private func visit(table: UInt64, depth: Int, base: UInt64, limits: InheritedLimits, upperHalf: Bool,
                       state: inout EnumerationState,
                       _ body: (PageMapping) -> Void) {
        let level = scheme.level(depth)
        let width = UInt64(scheme.entryBytes)
        var index = 0
        while index < level.entryCount {
            if state.summary.entriesVisited >= maxEntriesVisited {
                state.summary.truncated = true
                return
            }
            state.summary.entriesVisited += 1
            let entryAddress = table &+ UInt64(index) &* width
            guard let raw = memory.readEntry(at: entryAddress, bytes: scheme.entryBytes) else {
                state.summary.tablesOutsideMemory += 1
                return
            }
            let virtual = base | UInt64(index) << UInt64(level.shift)
            let entry = scheme.decodeEntry(raw, depth: depth)
            switch entry.kind {
            case .invalid:
                break
            case .reserved:
                state.summary.reservedEntries += 1
            case .table:
                if depth + 1 < scheme.levelCount {
                    if memory.readEntry(at: entry.physicalAddress, bytes: scheme.entryBytes) == nil {
                        state.summary.tablesOutsideMemory += 1
                    } else {
                        visit(table: entry.physicalAddress, depth: depth + 1, base: virtual,
                              limits: scheme.limits(limits, addingTableEntry: raw, depth: depth), upperHalf: upperHalf,
                              state: &state, body)
                        if state.summary.truncated { return }
                    }
                }
            case .page:
                state.summary.leaves += 1
                emit(virtual: extend(virtual, upperHalf: upperHalf), entry: entry,
                     effective: scheme.effectiveLeafEntry(raw, limits: limits), state: &state, body)
            }
            index += 1
        }
    }

    private func extend(_ virtual: UInt64, upperHalf: Bool) -> UInt64 {
        switch scheme.canonicalForm {
        case .none: return virtual
        case .signExtended: return CanonicalAddress.signExtend(virtual, fromBits: scheme.virtualAddressBits)
        case .upperOrLowerRange: return upperHalf ? virtual | (~0 << UInt64(scheme.virtualAddressBits)) : virtual
        }
    }

    private func emit(virtual: UInt64, entry: DecodedPageTableEntry, effective: UInt64, state: inout EnumerationState,
                      _ body: (PageMapping) -> Void) {
        let attributes = scheme.leafAttributes(effective, depth: entry.depth)
        if var p = state.pending, p.attributes == attributes, p.virtualStart &+ p.size == virtual,
           p.physicalStart &+ p.size == entry.physicalAddress, p.size &+ entry.pageSize > p.size {
            p.size += entry.pageSize
            p.leafCount += 1
            state.pending = p
            return
        }
        if let p = state.pending {
            state.summary.ranges += 1
            body(p)
        }
        state.pending = PageMapping(virtualStart: virtual, physicalStart: entry.physicalAddress, size: entry.pageSize,
                                    attributes: attributes, firstEntry: entry.rawValue, effectiveEntry: effective,
                                    pageSize: entry.pageSize,
                                    leafDepth: entry.depth, leafCount: 1)
    }
}
