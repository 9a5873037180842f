// The editable view of an existing file that ElfPatcher works on.
//
// Parsed afresh from the current bytes before every operation (through the
// reader, so every header table is bounds-checked), changed, and written
// back. Program headers are never rewritten: the patcher only changes
// things outside the load image or inside it without moving it.

struct ElfPatchModel {
    let fileClass: ElfClass
    let order: ByteOrder
    let sectionHeaderOffset: UInt64
    let sectionHeaderEntrySize: Int
    var sections: [ElfSectionRecord]
    let names: [[UInt8]]
    let segments: [ElfProgramHeader]
    var nameTableIndex: Int
    /// The current .shstrtab contents.
    let nameTable: [UInt8]

    static func parse(_ bytes: [UInt8]) throws(ElfError) -> ElfPatchModel {
        let result: Result<ElfPatchModel, ElfError> = bytes.withUnsafeBytes { raw in
            do throws(ElfError) {
                return .success(try parse(file: try ElfFile(bytes: raw)))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let m): return m
        case .failure(let e): throw e
        }
    }

    static func parse(file: ElfFile) throws(ElfError) -> ElfPatchModel {
        guard file.sectionCount > 0, file.sectionNameTableIndex != 0 else {
            throw .writeRejected(.malformedInput, index: -1)
        }
        let table = try file.stringTable(at: file.sectionNameTableIndex)
        var sections: [ElfSectionRecord] = []
        var names: [[UInt8]] = []
        for i in 0..<file.sectionCount {
            let s = try file.section(at: i)
            sections.append(ElfSectionRecord(s))
            names.append([UInt8](try table.string(at: UInt64(s.nameOffset))))
        }
        var segments: [ElfProgramHeader] = []
        for i in 0..<file.programHeaderCount { segments.append(try file.programHeader(at: i)) }
        return ElfPatchModel(
            fileClass: file.fileClass, order: file.byteOrder,
            sectionHeaderOffset: file.header.sectionHeaderOffset,
            sectionHeaderEntrySize: Int(file.header.sectionHeaderEntrySize),
            sections: sections, names: names, segments: segments,
            nameTableIndex: file.sectionNameTableIndex, nameTable: [UInt8](table.bytes))
    }

    /// The index of the first section called `name`, or nil.
    func index(named name: String) -> Int? {
        let wanted = Array(name.utf8)
        for i in 1..<max(1, names.count) where names[i] == wanted { return i }
        return nil
    }

    /// Whether section `i`'s file bytes lie inside a file of `fileSize` bytes.
    func contentsInFile(_ i: Int, fileSize: Int) -> Bool {
        let s = sections[i]
        if s.type == .nobits { return true }
        return s.offset <= UInt64(fileSize) && s.size <= UInt64(fileSize) - s.offset
    }

    /// Whether section `i` is part of a segment: its file bytes overlap any
    /// segment's file image, or it is SHF_ALLOC inside a PT_LOAD's memory
    /// image. Such a section cannot move without changing what is loaded.
    func isPinned(_ i: Int) -> Bool {
        let s = sections[i]
        for p in segments {
            if s.type != .nobits, overlaps(s.offset, s.size, p.offset, p.fileSize) { return true }
            if s.flags.contains(.alloc), p.type == .load,
               overlaps(s.address, max(s.size, 1), p.virtualAddress, p.memorySize) { return true }
        }
        return false
    }

    /// Whether another section's file bytes overlap section `i`'s.
    func sharesBytes(_ i: Int) -> Bool {
        let s = sections[i]
        for (j, t) in sections.enumerated() where j != i && t.type != .nobits {
            if overlaps(s.offset, s.size, t.offset, t.size) { return true }
        }
        return false
    }

    func overlaps(_ a: UInt64, _ aSize: UInt64, _ b: UInt64, _ bSize: UInt64) -> Bool {
        guard aSize > 0, bSize > 0 else { return false }
        let (aEnd, o1) = a.addingReportingOverflow(aSize)
        let (bEnd, o2) = b.addingReportingOverflow(bSize)
        return (o2 || a < bEnd) && (o1 || b < aEnd)
    }

    /// Rewrites one section header where it is.
    func writeSectionHeader(_ i: Int, into out: inout ElfWriteBuffer) throws(ElfError) {
        let at = sectionHeaderOffset + UInt64(i) * UInt64(sectionHeaderEntrySize)
        try sections[i].encode(into: &out, at: Int(at), fileClass: fileClass, index: i)
    }

    /// Appends `names` as the new .shstrtab and the whole section header table
    /// at the end of the file, and points the ELF header at them. Uses the
    /// extended numbering of the gABI (e_shnum 0 / e_shstrndx SHN_XINDEX with
    /// the real values in section 0) when the counts need it.
    mutating func appendTables(names: [UInt8]?, into out: inout ElfWriteBuffer) throws(ElfError) {
        if let names {
            sections[nameTableIndex].offset = UInt64(out.append(names, alignment: 1))
            sections[nameTableIndex].size = UInt64(names.count)
        }
        let shoff = out.pad(toAlignment: fileClass == .elf64 ? 8 : 4)
        try writeTable(at: shoff, into: &out)
    }

    /// Writes the section header table at `shoff` and updates the ELF header.
    mutating func writeTable(at shoff: Int, into out: inout ElfWriteBuffer) throws(ElfError) {
        let count = sections.count
        let reserved = Int(ElfSectionIndex.loReserve)
        sections[0].size = count >= reserved ? UInt64(count) : 0
        sections[0].link = nameTableIndex >= reserved ? UInt32(nameTableIndex) : 0
        let size = SectionHeaderLayout.forClass(fileClass).size
        for i in 0..<count {
            try sections[i].encode(into: &out, at: shoff + i * size, fileClass: fileClass, index: i)
        }
        let h = FileHeaderLayout.forClass(fileClass)
        guard ElfWriteBuffer.fits(UInt64(shoff), width: h.shoff.width) else {
            throw .writeRejected(.valueTooLarge, index: -1)
        }
        out.put(h.shoff, UInt64(shoff), base: 0)
        out.put(h.shentsize, UInt64(size), base: 0)
        out.put(h.shnum, count >= reserved ? 0 : UInt64(count), base: 0)
        out.put(h.shstrndx, nameTableIndex >= reserved ? UInt64(ElfSectionIndex.xindex) : UInt64(nameTableIndex), base: 0)
    }
}
