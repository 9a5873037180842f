// One symbol table entry (Elf32_Sym / Elf64_Sym).
//
// The name stays an offset here: resolving it needs the linked string
// table, and many callers (address lookups) only need names of the few
// symbols they end up reporting.

public struct ElfSymbol: Sendable, Equatable {
    /// Index of the symbol in its table.
    public let index: Int
    /// st_name: offset in the symbol table's linked string table.
    public let nameOffset: UInt32
    public let value: UInt64
    public let size: UInt64
    /// st_info, split by `binding` and `type`.
    public let info: UInt8
    /// st_other; its low two bits are the visibility.
    public let other: UInt8
    /// Raw st_shndx; see ElfSectionIndex for the special values and
    /// ElfFile.sectionIndex(of:in:) to resolve SHN_XINDEX.
    public let sectionIndex: UInt16

    public var binding: ElfSymbolBinding { ElfSymbolBinding(rawValue: info >> 4) }
    public var type: ElfSymbolType { ElfSymbolType(rawValue: info & 0xf) }
    public var visibility: ElfSymbolVisibility { ElfSymbolVisibility(rawValue: other & 0x3) }
    public var isUndefined: Bool { sectionIndex == ElfSectionIndex.undefined }

    init(index: Int, reader r: FieldReader, layout: SymbolLayout) {
        self.index = index
        self.nameOffset = UInt32(truncatingIfNeeded: r.read(layout.name))
        self.value = r.read(layout.value)
        self.size = r.read(layout.symbolSize)
        self.info = UInt8(truncatingIfNeeded: r.read(layout.info))
        self.other = UInt8(truncatingIfNeeded: r.read(layout.other))
        self.sectionIndex = UInt16(truncatingIfNeeded: r.read(layout.shndx))
    }
}
