// A symbol table section (.symtab or .dynsym) with its linked string table.
//
// Entries are decoded on demand by index, so a table with a hostile count
// costs nothing until it is read, and nothing is ever allocated from the
// count: `count` is derived from the section's size, which ElfFile already
// checked lies inside the file.

public struct ElfSymbolTable {
    /// The section index of the table.
    public let sectionIndex: Int
    public let contents: UnsafeRawBufferPointer
    public let strings: ElfStringTable
    public let count: Int
    let entrySize: Int
    let layout: SymbolLayout
    let order: ByteOrder

    init(
        section: ElfSectionHeader, contents: UnsafeRawBufferPointer, strings: ElfStringTable,
        fileClass: ElfClass, order: ByteOrder
    ) throws(ElfError) {
        let layout = SymbolLayout.forClass(fileClass)
        // sh_entsize 0 is common in hand-made files; the class fixes the size then.
        // The size must also be an Int: an empty table (sh_size 0) with a
        // hostile sh_entsize above Int.max used to trap converting it. An
        // entry larger than a non-empty table, or than any real entry could
        // be (UInt32.max), is rejected as a bad sh_entsize.
        let raw = section.entrySize == 0 ? UInt64(layout.size) : section.entrySize
        guard raw >= UInt64(layout.size), raw <= UInt64(UInt32.max),
              contents.isEmpty || raw <= UInt64(contents.count),
              let entrySize = Int(exactly: raw) else {
            throw .badValue(structure: .sectionHeader, field: .entrySize, offset: section.headerOffset)
        }
        self.sectionIndex = section.index
        self.contents = contents
        self.strings = strings
        self.entrySize = entrySize
        self.count = contents.count / entrySize
        self.layout = layout
        self.order = order
    }

    /// The symbol at `index` (0 is the reserved null symbol).
    public func symbol(at index: Int) throws(ElfError) -> ElfSymbol {
        guard index >= 0, index < count else {
            throw .indexOutOfRange(structure: .symbol, index: index, count: count)
        }
        // index * entrySize + layout.size <= contents.count by construction of `count`.
        let r = try ByteReader(contents, order: order)
            .record(at: UInt64(index * entrySize), size: layout.size, structure: .symbol)
        return ElfSymbol(index: index, reader: r, layout: layout)
    }

    /// The name of `symbol` as bytes of the linked string table.
    public func name(of symbol: ElfSymbol) throws(ElfError) -> UnsafeRawBufferPointer {
        try strings.string(at: UInt64(symbol.nameOffset))
    }
}
