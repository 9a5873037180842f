// An ELF file in memory: the entry point of the reader.
//
// Opening validates only what every later access relies on: the header,
// the extents of the section and program header tables (so that indexing
// them can never leave the input), and the extended-numbering escapes.
// Everything else (section contents, names, symbols) is checked when it is
// read, so one bad section does not make the rest of a file unreadable.

public struct ElfFile {
    public let bytes: UnsafeRawBufferPointer
    public let header: ElfFileHeader
    /// The number of section headers, after the SHN_UNDEF/sh_size escape.
    public let sectionCount: Int
    /// The number of program headers, after the PN_XNUM/sh_info escape.
    public let programHeaderCount: Int
    /// The index of the section name string table (0: none), after SHN_XINDEX.
    public let sectionNameTableIndex: Int

    let reader: ByteReader
    let sectionLayout: SectionHeaderLayout
    let programLayout: ProgramHeaderLayout

    public var fileClass: ElfClass { header.fileClass }
    public var byteOrder: ByteOrder { header.byteOrder }

    public init(bytes: UnsafeRawBufferPointer) throws(ElfError) {
        let header = try ElfFileHeader(bytes: bytes)
        let reader = ByteReader(bytes, order: header.byteOrder)
        let sectionLayout = SectionHeaderLayout.forClass(header.fileClass)
        let programLayout = ProgramHeaderLayout.forClass(header.fileClass)

        // Section 0 carries the real counts when they do not fit the header.
        var sectionCount = UInt64(header.rawSectionHeaderCount)
        var phCount = UInt64(header.rawProgramHeaderCount)
        var nameIndex = UInt64(header.rawSectionNameTableIndex)
        if header.sectionHeaderOffset != 0 {
            guard Int(header.sectionHeaderEntrySize) >= sectionLayout.size else {
                throw .badValue(structure: .fileHeader, field: .sectionHeaderEntrySize, offset: 0)
            }
            let zero = try reader.record(
                at: header.sectionHeaderOffset, size: sectionLayout.size, structure: .sectionHeader)
            let first = ElfSectionHeader(
                index: 0, headerOffset: ByteReader.clampedOffset(header.sectionHeaderOffset),
                reader: zero, layout: sectionLayout)
            if sectionCount == 0 { sectionCount = first.size }
            if nameIndex == UInt64(ElfSectionIndex.xindex) { nameIndex = UInt64(first.link) }
            if phCount == 0xffff { phCount = UInt64(first.info) }
        } else {
            // No table: the counts must say so too, or indexing would read the header.
            sectionCount = 0
            nameIndex = 0
        }
        try ElfFile.checkTable(
            offset: header.sectionHeaderOffset, count: sectionCount,
            entrySize: UInt64(header.sectionHeaderEntrySize), fileSize: bytes.count,
            countField: .sectionHeaderCount, offsetField: .sectionHeaderOffset)
        if phCount != 0 {
            guard Int(header.programHeaderEntrySize) >= programLayout.size else {
                throw .badValue(structure: .fileHeader, field: .programHeaderEntrySize, offset: 0)
            }
            try ElfFile.checkTable(
                offset: header.programHeaderOffset, count: phCount,
                entrySize: UInt64(header.programHeaderEntrySize), fileSize: bytes.count,
                countField: .programHeaderCount, offsetField: .programHeaderOffset)
        }
        guard nameIndex == 0 || nameIndex < sectionCount else {
            throw .badValue(structure: .fileHeader, field: .sectionNameTableIndex, offset: 0)
        }
        self.bytes = bytes
        self.header = header
        self.reader = reader
        self.sectionLayout = sectionLayout
        self.programLayout = programLayout
        // checkTable bounded count * entrySize by the file size, so these fit in Int.
        self.sectionCount = Int(sectionCount)
        self.programHeaderCount = Int(phCount)
        self.sectionNameTableIndex = Int(nameIndex)
    }

    /// Checks that `count` entries of `entrySize` bytes at `offset` lie inside the file.
    static func checkTable(
        offset: UInt64, count: UInt64, entrySize: UInt64, fileSize: Int,
        countField: ElfField, offsetField: ElfField
    ) throws(ElfError) {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: entrySize)
        guard !overflow, bytes <= UInt64(fileSize) else {
            throw .outOfBounds(structure: .fileHeader, field: countField, offset: 0)
        }
        guard offset <= UInt64(fileSize) - bytes else {
            throw .outOfBounds(structure: .fileHeader, field: offsetField, offset: 0)
        }
    }

    // MARK: Sections

    /// The section header at `index`.
    public func section(at index: Int) throws(ElfError) -> ElfSectionHeader {
        guard index >= 0, index < sectionCount else {
            throw .indexOutOfRange(structure: .sectionHeader, index: index, count: sectionCount)
        }
        // The table extent was checked at open; this cannot overflow.
        let at = header.sectionHeaderOffset + UInt64(index) * UInt64(header.sectionHeaderEntrySize)
        let r = try reader.record(at: at, size: sectionLayout.size, structure: .sectionHeader)
        return ElfSectionHeader(index: index, headerOffset: Int(at), reader: r, layout: sectionLayout)
    }

    /// The bytes of a section in the file; empty for SHT_NOBITS (.bss has no file bytes).
    public func contents(of section: ElfSectionHeader) throws(ElfError) -> UnsafeRawBufferPointer {
        if section.type == .nobits || section.type == .null {
            return UnsafeRawBufferPointer(start: bytes.baseAddress, count: 0)
        }
        guard let s = reader.slice(offset: section.offset, count: section.size) else {
            let field: ElfField = section.offset > UInt64(bytes.count) ? .offset : .size
            throw .outOfBounds(structure: .sectionHeader, field: field, offset: section.headerOffset)
        }
        return s
    }

    /// The string table in section `index` (which must be SHT_STRTAB).
    public func stringTable(at index: Int) throws(ElfError) -> ElfStringTable {
        let s = try section(at: index)
        guard s.type == .strtab else { throw .wrongSectionType(index: index, type: s.type.rawValue) }
        return ElfStringTable(bytes: try contents(of: s), sectionIndex: index)
    }

    /// The name of a section, resolved through the section name string table.
    public func name(of section: ElfSectionHeader) throws(ElfError) -> UnsafeRawBufferPointer {
        guard sectionNameTableIndex != 0 else {
            throw .badValue(structure: .fileHeader, field: .sectionNameTableIndex, offset: 0)
        }
        return try stringTable(at: sectionNameTableIndex).string(at: UInt64(section.nameOffset))
    }

    /// The first section called `name`, or nil.
    public func section(named name: String) throws(ElfError) -> ElfSectionHeader? {
        guard sectionNameTableIndex != 0 else { return nil }
        let names = try stringTable(at: sectionNameTableIndex)
        for i in 0..<sectionCount {
            let s = try section(at: i)
            if elfNameEquals(try names.string(at: UInt64(s.nameOffset)), name) { return s }
        }
        return nil
    }

    // MARK: Program headers

    /// The program header at `index`.
    public func programHeader(at index: Int) throws(ElfError) -> ElfProgramHeader {
        guard index >= 0, index < programHeaderCount else {
            throw .indexOutOfRange(structure: .programHeader, index: index, count: programHeaderCount)
        }
        let at = header.programHeaderOffset + UInt64(index) * UInt64(header.programHeaderEntrySize)
        let r = try reader.record(at: at, size: programLayout.size, structure: .programHeader)
        return ElfProgramHeader(index: index, headerOffset: Int(at), reader: r, layout: programLayout)
    }

    /// The bytes a segment has in the file (p_offset, p_filesz).
    public func contents(of segment: ElfProgramHeader) throws(ElfError) -> UnsafeRawBufferPointer {
        guard let s = reader.slice(offset: segment.offset, count: segment.fileSize) else {
            throw .outOfBounds(structure: .programHeader, field: .size, offset: segment.headerOffset)
        }
        return s
    }

    // MARK: Symbols

    /// The symbol table in section `index` (SHT_SYMTAB or SHT_DYNSYM) with its linked strings.
    public func symbolTable(at index: Int) throws(ElfError) -> ElfSymbolTable {
        let s = try section(at: index)
        guard s.type == .symtab || s.type == .dynsym else {
            throw .wrongSectionType(index: index, type: s.type.rawValue)
        }
        guard Int(exactly: s.link).map({ $0 < sectionCount }) ?? false else {
            throw .badValue(structure: .sectionHeader, field: .link, offset: s.headerOffset)
        }
        let strings = try stringTable(at: Int(s.link))
        return try ElfSymbolTable(
            section: s, contents: try contents(of: s), strings: strings,
            fileClass: header.fileClass, order: header.byteOrder)
    }

    /// The first section of `type` (.symtab or .dynsym) as a symbol table, or nil.
    public func symbolTable(ofType type: ElfSectionType) throws(ElfError) -> ElfSymbolTable? {
        for i in 0..<sectionCount where try section(at: i).type == type {
            return try symbolTable(at: i)
        }
        return nil
    }

    /// The section a symbol is defined in, resolving SHN_XINDEX through the
    /// SHT_SYMTAB_SHNDX section linked to `table`. Nil for undefined,
    /// absolute, common and other reserved indices.
    public func sectionIndex(of symbol: ElfSymbol, in table: ElfSymbolTable) throws(ElfError) -> Int? {
        let raw = symbol.sectionIndex
        if raw != ElfSectionIndex.xindex {
            return raw == ElfSectionIndex.undefined || raw >= ElfSectionIndex.loReserve ? nil : Int(raw)
        }
        for i in 0..<sectionCount {
            let s = try section(at: i)
            guard s.type == .symtabShndx, Int(s.link) == table.sectionIndex else { continue }
            let words = ByteReader(try contents(of: s), order: header.byteOrder)
            let r = try words.record(at: UInt64(symbol.index) * 4, size: 4, structure: .symbolTable)
            return Int(r.u32(0))
        }
        throw .badValue(structure: .symbol, field: .index, offset: symbol.index)
    }
}
