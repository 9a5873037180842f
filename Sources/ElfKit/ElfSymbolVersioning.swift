// GNU symbol versioning: .gnu.version (SHT_GNU_versym, DT_VERSYM) and the
// lookup that names a dynamic symbol's version.
//
// LSB Core, "Symbol Versioning": .gnu.version has one Elf_Half per .dynsym
// entry. 0 is VER_NDX_LOCAL, 1 VER_NDX_GLOBAL (unversioned); other values
// are a vd_ndx of .gnu.version_d (defined symbols) or a vna_other of
// .gnu.version_r (symbols needed from other files). Bit 15 (0x8000,
// VERSYM_HIDDEN) hides a definition from default binding. The lookup
// follows binutils readelf (get_symbol_version_string): defined symbols
// look in the definitions first, the base definition (VER_FLG_BASE,
// index 1) names no version, nor does a version's own symbol (st_name ==
// vda_name), and requirements are searched otherwise.

/// One .gnu.version entry.
public struct ElfVersionSymbol: Sendable, Equatable {
    public let rawValue: UInt16
    /// The version index without the hidden bit.
    public var index: UInt16 { rawValue & 0x7fff }
    /// VERSYM_HIDDEN: not the default version (printed name@VERSION rather than @@).
    public var isHidden: Bool { rawValue & 0x8000 != 0 }
}

/// The .gnu.version section: one entry per dynamic symbol.
public struct ElfVersionSymbolTable {
    public let contents: UnsafeRawBufferPointer
    public let count: Int
    let order: ByteOrder

    public init(bytes: UnsafeRawBufferPointer, order: ByteOrder) {
        self.contents = bytes
        self.count = bytes.count / 2
        self.order = order
    }

    /// The entry for dynamic symbol `symbolIndex`.
    public func entry(at symbolIndex: Int) throws(ElfError) -> ElfVersionSymbol {
        guard symbolIndex >= 0, symbolIndex < count else {
            throw .indexOutOfRange(structure: .versionSymbolTable, index: symbolIndex, count: count)
        }
        return ElfVersionSymbol(rawValue: FieldReader(bytes: contents, order: order).u16(symbolIndex * 2))
    }
}

/// How a version is attached to a symbol, in readelf's notation.
public enum ElfSymbolVersionKind: Sendable, Equatable {
    /// A defined symbol's default version: name@@VERSION.
    case defaultVersion
    /// A defined symbol's hidden (non-default) version: name@VERSION.
    case hidden
    /// A version needed from another file: name@VERSION (index).
    case required
}

/// The version of one dynamic symbol.
public struct ElfSymbolVersion {
    public let name: UnsafeRawBufferPointer
    /// The .gnu.version index (without the hidden bit).
    public let index: UInt16
    public let kind: ElfSymbolVersionKind
    /// For `required`, the file the version is needed from.
    public let file: UnsafeRawBufferPointer?
}

/// The three version sections of a file, ready for per-symbol lookups.
public struct ElfSymbolVersioning {
    public let symbols: ElfVersionSymbolTable
    public let definitions: ElfVersionDefinitionIterator?
    public let requirements: ElfVersionRequirementIterator?

    public init(
        symbols: ElfVersionSymbolTable, definitions: ElfVersionDefinitionIterator?,
        requirements: ElfVersionRequirementIterator?
    ) {
        self.symbols = symbols
        self.definitions = definitions
        self.requirements = requirements
    }

    /// The version of `symbol` (an entry of .dynsym), or nil if it has none
    /// (local, global/unversioned, the base version, or no entry).
    public func version(of symbol: ElfSymbol) throws(ElfError) -> ElfSymbolVersion? {
        guard symbol.index < symbols.count else { return nil }
        let entry = try symbols.entry(at: symbol.index)
        if entry.rawValue == 0 { return nil }
        if !symbol.isUndefined, entry.rawValue != 0x8001, var defs = definitions {
            while let d = try defs.next() {
                guard d.index == entry.index else { continue }
                if d.index == 1 && d.flags == .base { return nil }
                // The symbol that names the version itself (GLIBC_2.10 ABS) shares its
                // string; readelf prints no version for it.
                if symbol.nameOffset == d.nameOffset { return nil }
                return ElfSymbolVersion(
                    name: d.name, index: d.index, kind: entry.isHidden ? .hidden : .defaultVersion, file: nil)
            }
        }
        if var needs = requirements {
            while let n = try needs.next() {
                var versions = n.versions()
                while let v = try versions.next() {
                    // binutils compares vna_other with the whole entry, hidden bit included.
                    guard v.index == entry.rawValue else { continue }
                    return ElfSymbolVersion(name: v.name, index: v.index, kind: .required, file: n.file)
                }
            }
        }
        return nil
    }
}

extension ElfFile {
    /// The file's symbol versioning sections, or nil if it has no .gnu.version.
    public func symbolVersioning() throws(ElfError) -> ElfSymbolVersioning? {
        var versym: ElfSectionHeader?
        var definitions: ElfVersionDefinitionIterator?
        var requirements: ElfVersionRequirementIterator?
        for i in 0..<sectionCount {
            let s = try section(at: i)
            switch s.type {
            case .gnuVersionSymbols: versym = s
            case .gnuVersionDefinitions: definitions = try versionDefinitions(in: s)
            case .gnuVersionRequirements: requirements = try versionRequirements(in: s)
            default: break
            }
        }
        guard let versym else { return nil }
        return ElfSymbolVersioning(
            symbols: ElfVersionSymbolTable(bytes: try contents(of: versym), order: byteOrder),
            definitions: definitions, requirements: requirements)
    }
}
