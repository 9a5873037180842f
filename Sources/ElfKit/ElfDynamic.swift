// The dynamic section (SHT_DYNAMIC / PT_DYNAMIC).
//
// gABI, "Dynamic Section": an array of { d_tag: Sword/Sxword, d_un:
// Word/Xword } ending at the first DT_NULL. String-valued tags (DT_NEEDED,
// DT_SONAME, DT_RPATH, DT_RUNPATH, ...) are offsets into the dynamic string
// table: the section's sh_link when read from a section header, else the
// table at the address in DT_STRTAB (DT_STRSZ bytes), mapped to the file
// through the PT_LOAD segments.

/// d_tag. Signed in the gABI; the named values are in ElfDynamicTagNames.swift.
public struct ElfDynamicTag: RawRepresentable, Sendable, Equatable, Hashable {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public static var null: Self { Self(rawValue: 0) }
    public static var needed: Self { Self(rawValue: 1) }
    public static var pltRelSize: Self { Self(rawValue: 2) }
    public static var hash: Self { Self(rawValue: 4) }
    public static var stringTable: Self { Self(rawValue: 5) }
    public static var symbolTable: Self { Self(rawValue: 6) }
    public static var rela: Self { Self(rawValue: 7) }
    public static var relaSize: Self { Self(rawValue: 8) }
    public static var relaEntrySize: Self { Self(rawValue: 9) }
    public static var stringTableSize: Self { Self(rawValue: 10) }
    public static var soname: Self { Self(rawValue: 14) }
    public static var rpath: Self { Self(rawValue: 15) }
    public static var rel: Self { Self(rawValue: 17) }
    public static var relSize: Self { Self(rawValue: 18) }
    public static var relEntrySize: Self { Self(rawValue: 19) }
    public static var pltRel: Self { Self(rawValue: 20) }
    public static var jmpRel: Self { Self(rawValue: 23) }
    public static var runpath: Self { Self(rawValue: 29) }
    public static var flags: Self { Self(rawValue: 30) }
    public static var relrSize: Self { Self(rawValue: 35) }
    public static var relr: Self { Self(rawValue: 36) }
    public static var relrEntrySize: Self { Self(rawValue: 37) }
    public static var gnuHash: Self { Self(rawValue: 0x6fff_fef5) }
    public static var versym: Self { Self(rawValue: 0x6fff_fff0) }
    public static var flags1: Self { Self(rawValue: 0x6fff_fffb) }
    public static var verdef: Self { Self(rawValue: 0x6fff_fffc) }
    public static var verdefNum: Self { Self(rawValue: 0x6fff_fffd) }
    public static var verneed: Self { Self(rawValue: 0x6fff_fffe) }
    public static var verneedNum: Self { Self(rawValue: 0x6fff_ffff) }
    public static var auxiliary: Self { Self(rawValue: 0x7fff_fffd) }
    public static var filter: Self { Self(rawValue: 0x7fff_ffff) }
}

/// One dynamic entry.
public struct ElfDynamicEntry: Sendable, Equatable {
    public let index: Int
    public let tag: ElfDynamicTag
    /// d_val / d_ptr, zero-extended from ELF32.
    public let value: UInt64
}

/// A dynamic table with the string table its string-valued tags use.
public struct ElfDynamicTable {
    public let contents: UnsafeRawBufferPointer
    /// File offset of `contents`, for error reports.
    public let baseOffset: Int
    /// Entries up to and including the first DT_NULL (all of them if there is none),
    /// which is what readelf calls "N entries".
    public let count: Int
    /// The dynamic string table, if one was found.
    public let strings: ElfStringTable?
    let wordSize: Int
    let order: ByteOrder

    /// A table over raw bytes. `strings` resolves string-valued tags.
    public init(
        bytes: UnsafeRawBufferPointer, fileClass: ElfClass, order: ByteOrder,
        strings: ElfStringTable? = nil, baseOffset: Int = 0
    ) throws(ElfError) {
        let wordSize = fileClass == .elf64 ? 8 : 4
        self.contents = bytes
        self.baseOffset = baseOffset
        self.wordSize = wordSize
        self.order = order
        self.strings = strings
        let raw = bytes.count / (2 * wordSize)
        var n = 0
        let reader = ByteReader(bytes, order: order)
        while n < raw {
            let r = try reader.record(at: UInt64(n * 2 * wordSize), size: wordSize, structure: .dynamicEntry)
            n += 1
            if (wordSize == 8 ? r.u64(0) : UInt64(r.u32(0))) == 0 { break }
        }
        self.count = n
    }

    /// The same table with another string table.
    func with(strings: ElfStringTable?) throws(ElfError) -> ElfDynamicTable {
        try ElfDynamicTable(
            bytes: contents, fileClass: wordSize == 8 ? .elf64 : .elf32, order: order,
            strings: strings, baseOffset: baseOffset)
    }

    /// The entry at `index` (below `count`).
    public func entry(at index: Int) throws(ElfError) -> ElfDynamicEntry {
        guard index >= 0, index < count else {
            throw .indexOutOfRange(structure: .dynamicEntry, index: index, count: count)
        }
        let r = try ByteReader(contents, order: order)
            .record(at: UInt64(index * 2 * wordSize), size: 2 * wordSize, structure: .dynamicEntry)
        let tag = wordSize == 8 ? Int64(bitPattern: r.u64(0)) : Int64(Int32(bitPattern: r.u32(0)))
        let value = wordSize == 8 ? r.u64(8) : UInt64(r.u32(4))
        return ElfDynamicEntry(index: index, tag: ElfDynamicTag(rawValue: tag), value: value)
    }

    /// The value of the first entry with `tag`, or nil.
    public func value(of tag: ElfDynamicTag) throws(ElfError) -> UInt64? {
        for i in 0..<count {
            let e = try entry(at: i)
            if e.tag == tag { return e.value }
        }
        return nil
    }

    /// The string of a string-valued entry (see ElfDynamicTag.isString), nil for other tags.
    /// Fails if the table has no strings or the offset is bad.
    public func string(of entry: ElfDynamicEntry) throws(ElfError) -> UnsafeRawBufferPointer? {
        guard entry.tag.isString else { return nil }
        guard let strings else {
            throw .badValue(structure: .dynamicEntry, field: .value, offset: baseOffset + entry.index * 2 * wordSize)
        }
        return try strings.string(at: entry.value)
    }
}

extension ElfFile {
    /// The SHT_DYNAMIC section at `index`, with strings from its sh_link.
    public func dynamicTable(at index: Int) throws(ElfError) -> ElfDynamicTable {
        let s = try section(at: index)
        guard s.type == .dynamic else { throw .wrongSectionType(index: index, type: s.type.rawValue) }
        guard s.link != 0, Int(s.link) < sectionCount, Int(s.link) != index else {
            throw .badValue(structure: .sectionHeader, field: .link, offset: s.headerOffset)
        }
        return try ElfDynamicTable(
            bytes: try contents(of: s), fileClass: fileClass, order: byteOrder,
            strings: try stringTable(at: Int(s.link)), baseOffset: ByteReader.clampedOffset(s.offset))
    }

    /// The PT_DYNAMIC segment's table, with strings found through DT_STRTAB/DT_STRSZ
    /// (nil strings if those tags are missing).
    public func dynamicTable(in segment: ElfProgramHeader) throws(ElfError) -> ElfDynamicTable {
        guard segment.type == .dynamic else {
            throw .badValue(structure: .programHeader, field: .type, offset: segment.headerOffset)
        }
        let table = try ElfDynamicTable(
            bytes: try contents(of: segment), fileClass: fileClass, order: byteOrder,
            baseOffset: ByteReader.clampedOffset(segment.offset))
        guard let address = try table.value(of: .stringTable),
              let size = try table.value(of: .stringTableSize) else { return table }
        guard let bytes = try segmentBytes(atAddress: address, count: size) else {
            throw .outOfBounds(structure: .dynamicEntry, field: .address, offset: table.baseOffset)
        }
        return try table.with(strings: ElfStringTable(bytes: bytes))
    }

    /// The dynamic table: from the SHT_DYNAMIC section if there is one, else from PT_DYNAMIC.
    public func dynamicTable() throws(ElfError) -> ElfDynamicTable? {
        for i in 0..<sectionCount where try section(at: i).type == .dynamic {
            return try dynamicTable(at: i)
        }
        for i in 0..<programHeaderCount {
            let p = try programHeader(at: i)
            if p.type == .dynamic { return try dynamicTable(in: p) }
        }
        return nil
    }

    /// The file bytes that a PT_LOAD segment maps at [address, address+count), or nil
    /// if no segment holds the whole range in its file part.
    public func segmentBytes(atAddress address: UInt64, count: UInt64) throws(ElfError) -> UnsafeRawBufferPointer? {
        for i in 0..<programHeaderCount {
            let p = try programHeader(at: i)
            guard p.type == .load, address >= p.virtualAddress else { continue }
            let delta = address - p.virtualAddress
            guard delta <= p.fileSize, count <= p.fileSize - delta else { continue }
            let (offset, overflow) = p.offset.addingReportingOverflow(delta)
            guard !overflow, let s = reader.slice(offset: offset, count: count) else {
                throw .outOfBounds(structure: .programHeader, field: .offset, offset: p.headerOffset)
            }
            return s
        }
        return nil
    }
}
