// GNU version definitions (SHT_GNU_verdef, ".gnu.version_d", DT_VERDEF).
//
// LSB Core, "Symbol Versioning": a list of Elf_Verdef { vd_version u16,
// vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next
// u32 } (20 bytes, both classes), each with vd_cnt Elf_Verdaux { vda_name
// u32, vda_next u32 }. vd_aux/vd_next/vda_next are byte offsets relative
// to the current entry; 0 ends a list. The number of entries is sh_info
// (DT_VERDEFNUM). Every offset is bounds-checked and every step moves
// forward by a nonzero amount, so a hostile table cannot loop.

/// VER_FLG_* bits of vd_flags / vna_flags.
public struct ElfVersionFlags: OptionSet, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// VER_FLG_BASE: the definition of the file itself (its soname), index 1.
    public static var base: Self { Self(rawValue: 1) }
    /// VER_FLG_WEAK.
    public static var weak: Self { Self(rawValue: 2) }
    /// VER_FLG_INFO.
    public static var info: Self { Self(rawValue: 4) }
}

/// One version definition; `name` is its first Verdaux name.
public struct ElfVersionDefinition {
    /// Offset of the entry in its section.
    public let offset: Int
    public let version: UInt16
    public let flags: ElfVersionFlags
    /// vd_ndx: the value .gnu.version entries use for this version.
    public let index: UInt16
    public let auxiliaryCount: UInt16
    public let hash: UInt32
    /// The version name (first auxiliary entry).
    public let name: UnsafeRawBufferPointer
    /// vda_name of the first auxiliary entry: the name's offset in the string table.
    public let nameOffset: UInt32
    let auxOffset: Int
    let table: ElfVersionTableBytes

    /// The names of all auxiliary entries: the version itself, then its parents.
    public func names() -> ElfVersionDefinitionNames {
        ElfVersionDefinitionNames(table: table, position: auxOffset, remaining: Int(auxiliaryCount))
    }
}

/// The bytes of a version section with its string table (sh_link).
struct ElfVersionTableBytes {
    let contents: UnsafeRawBufferPointer
    let strings: ElfStringTable
    let order: ByteOrder
    let baseOffset: Int

    func record(at offset: Int, size: Int, structure: ElfStructure) throws(ElfError) -> FieldReader {
        guard let s = ByteReader(contents, order: order).slice(offset: UInt64(offset), count: UInt64(size)) else {
            throw .truncated(structure: structure, offset: baseOffset + offset)
        }
        return FieldReader(bytes: s, order: order)
    }

    /// `base + delta` as an offset in the section, or an error naming `field`.
    /// After reading the entry at `at` of a vd_next/vda_next/vn_next/vna_next
    /// chain: a zero link ends the chain early; otherwise, while entries
    /// remain, the next entry starts `link` bytes after `at`.
    func nextInChain(after at: Int, link: UInt32, remaining: inout Int,
                     structure: ElfStructure) throws(ElfError) -> Int {
        remaining -= 1
        if link == 0 {
            remaining = 0
            return at
        }
        guard remaining > 0 else { return at }
        return try advance(at, by: link, structure: structure, field: .next)
    }

    func advance(_ base: Int, by delta: UInt32, structure: ElfStructure, field: ElfField) throws(ElfError) -> Int {
        let (next, overflow) = base.addingReportingOverflow(Int(delta))
        guard !overflow, next < contents.count else {
            throw .outOfBounds(structure: structure, field: field, offset: baseOffset + base)
        }
        return next
    }
}

/// Iterates the names of one definition's Verdaux entries.
public struct ElfVersionDefinitionNames {
    let table: ElfVersionTableBytes
    var position: Int
    var remaining: Int

    public mutating func next() throws(ElfError) -> UnsafeRawBufferPointer? {
        guard remaining > 0 else { return nil }
        let r = try table.record(at: position, size: 8, structure: .versionDefinitionAux)
        let name = try table.strings.string(at: UInt64(r.u32(0)))
        position = try table.nextInChain(after: position, link: r.u32(4), remaining: &remaining,
                                         structure: .versionDefinitionAux)
        return name
    }
}

/// Iterates the definitions of a .gnu.version_d section.
public struct ElfVersionDefinitionIterator {
    let table: ElfVersionTableBytes
    var position = 0
    var remaining: Int

    /// Definitions in `bytes`, `count` of them at most (sh_info / DT_VERDEFNUM).
    public init(
        bytes: UnsafeRawBufferPointer, strings: ElfStringTable, count: Int, order: ByteOrder, baseOffset: Int = 0
    ) {
        table = ElfVersionTableBytes(contents: bytes, strings: strings, order: order, baseOffset: baseOffset)
        remaining = count
    }

    public mutating func next() throws(ElfError) -> ElfVersionDefinition? {
        guard remaining > 0 else { return nil }
        let at = position
        let r = try table.record(at: at, size: 20, structure: .versionDefinition)
        guard r.u16(0) == 1 else {
            throw .unsupportedVersion(structure: .versionDefinition, value: UInt64(r.u16(0)))
        }
        let auxOffset = try table.advance(at, by: r.u32(12), structure: .versionDefinition, field: .auxiliary)
        let aux = try table.record(at: auxOffset, size: 8, structure: .versionDefinitionAux)
        let definition = ElfVersionDefinition(
            offset: at, version: r.u16(0), flags: ElfVersionFlags(rawValue: r.u16(2)), index: r.u16(4),
            auxiliaryCount: r.u16(6), hash: r.u32(8),
            name: try table.strings.string(at: UInt64(aux.u32(0))), nameOffset: aux.u32(0),
            auxOffset: auxOffset, table: table)
        position = try table.nextInChain(after: at, link: r.u32(16), remaining: &remaining,
                                         structure: .versionDefinition)
        return definition
    }
}

extension ElfFile {
    /// The definitions of an SHT_GNU_verdef section, with names from its sh_link.
    public func versionDefinitions(in section: ElfSectionHeader) throws(ElfError) -> ElfVersionDefinitionIterator {
        guard section.type == .gnuVersionDefinitions else {
            throw .wrongSectionType(index: section.index, type: section.type.rawValue)
        }
        return ElfVersionDefinitionIterator(
            bytes: try contents(of: section), strings: try linkedStrings(of: section),
            count: Int(section.info), order: byteOrder, baseOffset: ByteReader.clampedOffset(section.offset))
    }

    /// The string table a section's sh_link names (which must not be the section itself).
    func linkedStrings(of section: ElfSectionHeader) throws(ElfError) -> ElfStringTable {
        guard section.link != 0, Int(section.link) < sectionCount, Int(section.link) != section.index else {
            throw .badValue(structure: .sectionHeader, field: .link, offset: section.headerOffset)
        }
        return try stringTable(at: Int(section.link))
    }
}
