// REL and RELA relocation tables (SHT_REL / SHT_RELA, DT_REL / DT_RELA / DT_JMPREL).
//
// gABI, "Relocation": Elf32_Rel { r_offset, r_info } and Elf32_Rela adds
// r_addend (4-byte fields); Elf64_* have 8-byte fields. r_info packs the
// symbol index and the type: ELF64_R_SYM(i) = i >> 32, ELF64_R_TYPE(i) =
// i & 0xffffffff; ELF32_R_SYM(i) = i >> 8, ELF32_R_TYPE(i) = i & 0xff.
// (MIPS64 little-endian stores r_info in a different order; that variant
// is not decoded here.) Entries are decoded on demand by index; `count`
// comes from the byte size, never from a field, so nothing is allocated.

/// One relocation entry.
public struct ElfRelocation: Sendable, Equatable {
    /// Index of the entry in its table.
    public let index: Int
    /// r_offset: the place to relocate (a section offset in ET_REL, an address otherwise).
    public let offset: UInt64
    /// The raw r_info.
    public let info: UInt64
    /// The symbol index part of r_info (0: no symbol).
    public let symbolIndex: UInt32
    /// The type part of r_info; see ElfMachine.relocationTypeName(_:).
    public let type: UInt32
    /// r_addend for RELA entries, nil for REL (whose addend is in the relocated place).
    public let addend: Int64?
}

/// The layout of one REL/RELA entry for a class.
struct RelocationLayout {
    let wordSize: Int
    let hasAddends: Bool
    var size: Int { wordSize * (hasAddends ? 3 : 2) }
}

/// A table of REL or RELA entries.
public struct ElfRelocationTable {
    /// The section the table came from, or -1 when built from raw bytes (DT_RELA ...).
    public let sectionIndex: Int
    public let contents: UnsafeRawBufferPointer
    /// File offset of `contents`, for error reports.
    public let baseOffset: Int
    /// RELA (true) or REL (false).
    public let hasAddends: Bool
    public let fileClass: ElfClass
    public let count: Int
    /// For a section: sh_link, the symbol table the entries index.
    public let symbolTableIndex: Int
    /// For a section: sh_info, the section the entries apply to (0: none, e.g. .rela.dyn).
    public let targetSectionIndex: Int
    let entrySize: Int
    let layout: RelocationLayout
    let order: ByteOrder

    /// A table over raw bytes; `entrySize` 0 means the class's natural size.
    public init(
        bytes: UnsafeRawBufferPointer, hasAddends: Bool, fileClass: ElfClass, order: ByteOrder,
        entrySize: UInt64 = 0, baseOffset: Int = 0, sectionIndex: Int = -1,
        symbolTableIndex: Int = 0, targetSectionIndex: Int = 0, headerOffset: Int = 0
    ) throws(ElfError) {
        let layout = RelocationLayout(wordSize: fileClass == .elf64 ? 8 : 4, hasAddends: hasAddends)
        let size = entrySize == 0 ? UInt64(layout.size) : entrySize
        guard size >= UInt64(layout.size), size <= UInt64(UInt32.max) else {
            throw .badValue(structure: .sectionHeader, field: .entrySize, offset: headerOffset)
        }
        self.sectionIndex = sectionIndex
        self.contents = bytes
        self.baseOffset = baseOffset
        self.hasAddends = hasAddends
        self.fileClass = fileClass
        self.entrySize = Int(size)
        self.count = bytes.count / Int(size)
        self.layout = layout
        self.order = order
        self.symbolTableIndex = symbolTableIndex
        self.targetSectionIndex = targetSectionIndex
    }

    /// The entry at `index`.
    public func relocation(at index: Int) throws(ElfError) -> ElfRelocation {
        guard index >= 0, index < count else {
            throw .indexOutOfRange(structure: .relocation, index: index, count: count)
        }
        let r = try ByteReader(contents, order: order)
            .record(at: UInt64(index * entrySize), size: layout.size, structure: .relocation)
        let w = layout.wordSize
        let offset = w == 8 ? r.u64(0) : UInt64(r.u32(0))
        let info = w == 8 ? r.u64(8) : UInt64(r.u32(4))
        let addend: Int64? =
            layout.hasAddends ? (w == 8 ? Int64(bitPattern: r.u64(16)) : Int64(Int32(bitPattern: r.u32(8)))) : nil
        return ElfRelocation(
            index: index, offset: offset, info: info,
            symbolIndex: w == 8 ? UInt32(truncatingIfNeeded: info >> 32) : UInt32(truncatingIfNeeded: info >> 8),
            type: w == 8 ? UInt32(truncatingIfNeeded: info) : UInt32(truncatingIfNeeded: info & 0xff),
            addend: addend)
    }
}

extension ElfFile {
    /// The SHT_REL or SHT_RELA section at `index` as a relocation table.
    public func relocationTable(at index: Int) throws(ElfError) -> ElfRelocationTable {
        let s = try section(at: index)
        guard s.type == .rel || s.type == .rela else {
            throw .wrongSectionType(index: index, type: s.type.rawValue)
        }
        return try ElfRelocationTable(
            bytes: try contents(of: s), hasAddends: s.type == .rela, fileClass: fileClass,
            order: byteOrder, entrySize: s.entrySize, baseOffset: ByteReader.clampedOffset(s.offset),
            sectionIndex: index, symbolTableIndex: Int(s.link),
            targetSectionIndex: Int(s.info), headerOffset: s.headerOffset)
    }
}
