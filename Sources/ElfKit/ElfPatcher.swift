// Changing sections of an existing ELF file without disturbing its load image.
//
// The patcher owns a copy of the file's bytes; each operation validates
// first and changes the bytes only when it can produce a valid file, so a
// refused operation leaves them untouched. Rules:
// - the program headers and everything a segment covers never move: a
//   section inside a segment (ElfPatchModel.isPinned) may only be replaced
//   by contents that fit its current size; the rest is zero-filled and
//   sh_size shrinks (gABI: sh_size is the section's size in bytes);
// - a section outside every segment that grows moves to the end of the
//   file (sh_offset changes, the old bytes stay as dead space); one that
//   shrinks or keeps its size is rewritten in place;
// - adding or removing a section rewrites the section header table (and,
//   for a new name, .shstrtab) at the end of the file.
// Writing the result out is the caller's job.

public struct ElfPatcher {
    public private(set) var bytes: [UInt8]

    /// Opens a file for patching; it needs a section header table and .shstrtab.
    public init(bytes: [UInt8]) throws(ElfError) {
        _ = try ElfPatchModel.parse(bytes)
        self.bytes = bytes
    }

    /// Replaces the contents of the section called `name`.
    public mutating func replaceSectionContents(named name: String, with contents: [UInt8]) throws(ElfError) {
        var m = try ElfPatchModel.parse(bytes)
        guard let i = m.index(named: name) else { throw .writeRejected(.noSuchSection, index: -1) }
        let s = m.sections[i]
        guard s.type != .nobits, s.type != .null else { throw .writeRejected(.unsupportedSection, index: i) }
        guard m.contentsInFile(i, fileSize: bytes.count) else {
            throw .outOfBounds(structure: .sectionHeader, field: .offset, offset: i)
        }
        let newSize = UInt64(contents.count)
        var out = ElfWriteBuffer(order: m.order, bytes: bytes)
        if newSize <= s.size {
            // contentsInFile bounded offset + size by the file size, so both fit in Int.
            out.write(contents, at: Int(s.offset))
            out.zero(at: Int(s.offset) + contents.count, count: Int(s.size - newSize))
        } else {
            guard !m.isPinned(i) else { throw .writeRejected(.allocSectionDoesNotFit, index: i) }
            m.sections[i].offset = UInt64(out.append(contents, alignment: ElfPatcher.alignment(s.addressAlignment)))
        }
        m.sections[i].size = newSize
        try m.writeSectionHeader(i, into: &out)
        bytes = out.bytes
    }

    /// Appends a non-SHF_ALLOC section and returns its index. Loaded sections
    /// cannot be added: that would need a new or bigger segment.
    @discardableResult
    public mutating func addSection(
        name: String, type: ElfSectionType = .progbits, flags: ElfSectionFlags = [],
        contents: [UInt8], alignment: UInt64 = 1, link: UInt32 = 0, info: UInt32 = 0,
        entrySize: UInt64 = 0
    ) throws(ElfError) -> Int {
        var m = try ElfPatchModel.parse(bytes)
        let index = m.sections.count
        guard !flags.contains(.alloc), type != .null else { throw .writeRejected(.unsupportedSection, index: -1) }
        guard alignment & (alignment &- 1) == 0, alignment <= 1 << 30 else {
            throw .writeRejected(.badAlignment, index: index)
        }
        guard m.index(named: name) == nil, !name.isEmpty else {
            throw .writeRejected(.duplicateSection, index: index)
        }
        guard Int(link) <= index else { throw .writeRejected(.badSectionReference, index: index) }
        var out = ElfWriteBuffer(order: m.order, bytes: bytes)
        var names = ElfStringTableBuilder(existing: m.nameTable)
        var r = ElfSectionRecord()
        r.nameOffset = names.add(name)
        r.type = type
        r.flags = flags
        r.offset = UInt64(type == .nobits
            ? out.pad(toAlignment: alignment) : out.append(contents, alignment: alignment))
        r.size = UInt64(contents.count)
        r.link = link
        r.info = info
        r.addressAlignment = alignment
        r.entrySize = entrySize
        m.sections.append(r)
        try m.appendTables(names: names.bytes, into: &out)
        bytes = out.bytes
        return index
    }

    /// Removes a section outside every segment that nothing refers to: no
    /// sh_link, no section-index sh_info, no symbol's st_shndx, not e_shstrndx.
    /// Later sections move down one index and every reference is renumbered.
    public mutating func removeSection(named name: String) throws(ElfError) {
        var m = try ElfPatchModel.parse(bytes)
        guard let i = m.index(named: name) else { throw .writeRejected(.noSuchSection, index: -1) }
        let s = m.sections[i]
        guard i != m.nameTableIndex, !s.flags.contains(.alloc), !m.isPinned(i) else {
            throw .writeRejected(.unsupportedSection, index: i)
        }
        for (j, t) in m.sections.enumerated() where j != i {
            // Section groups and extended symbol indices hold section indices this code does not renumber.
            if t.type.rawValue == 17 || t.type == .symtabShndx { throw .writeRejected(.unsupportedSection, index: j) }
            if Int(t.link) == i || (ElfPatcher.infoIsSection(t) && Int(t.info) == i) {
                throw .writeRejected(.sectionInUse, index: j)
            }
        }
        var out = ElfWriteBuffer(order: m.order, bytes: bytes)
        for (j, t) in m.sections.enumerated() where j != i && (t.type == .symtab || t.type == .dynsym) {
            try ElfPatcher.renumberSymbols(in: t, table: j, removing: i, model: m, out: &out)
        }
        if s.type != .nobits, m.contentsInFile(i, fileSize: bytes.count), !m.sharesBytes(i) {
            out.zero(at: Int(s.offset), count: Int(s.size))
        }
        for j in 0..<m.sections.count {
            if Int(m.sections[j].link) > i { m.sections[j].link -= 1 }
            if ElfPatcher.infoIsSection(m.sections[j]), Int(m.sections[j].info) > i { m.sections[j].info -= 1 }
        }
        if m.nameTableIndex > i { m.nameTableIndex -= 1 }
        m.sections.remove(at: i)
        // The smaller table fits where the old one was; clear what it no longer uses.
        let oldEnd = Int(m.sectionHeaderOffset) + (m.sections.count + 1) * m.sectionHeaderEntrySize
        try m.writeTable(at: Int(m.sectionHeaderOffset), into: &out)
        let newEnd = Int(m.sectionHeaderOffset) + m.sections.count * SectionHeaderLayout.forClass(m.fileClass).size
        out.zero(at: newEnd, count: oldEnd - newEnd)
        bytes = out.bytes
    }

    /// gABI: sh_info is a section index for SHT_REL/SHT_RELA and when SHF_INFO_LINK (0x40) is set.
    static func infoIsSection(_ s: ElfSectionRecord) -> Bool {
        s.type == .rel || s.type == .rela || s.flags.rawValue & 0x40 != 0
    }

    /// Fails if a symbol of `section` is defined in `removing`; moves later indices down one.
    static func renumberSymbols(
        in section: ElfSectionRecord, table: Int, removing: Int, model m: ElfPatchModel,
        out: inout ElfWriteBuffer
    ) throws(ElfError) {
        let layout = SymbolLayout.forClass(m.fileClass)
        let entrySize = section.entrySize == 0 ? UInt64(layout.size) : section.entrySize
        guard entrySize >= UInt64(layout.size), m.contentsInFile(table, fileSize: out.count) else {
            throw .badValue(structure: .sectionHeader, field: .entrySize, offset: table)
        }
        let count = Int(section.size / entrySize)
        for k in 0..<count {
            let at = Int(section.offset) + k * Int(entrySize) + layout.shndx.offset
            guard let shndx = out.read(width: layout.shndx.width, at: at) else { continue }
            if shndx == UInt64(removing) { throw .writeRejected(.sectionInUse, index: table) }
            if shndx > UInt64(removing), shndx < UInt64(ElfSectionIndex.loReserve) {
                out.put(shndx - 1, width: layout.shndx.width, at: at)
            }
        }
    }

    static func alignment(_ a: UInt64) -> UInt64 {
        a & (a &- 1) == 0 && a <= 1 << 30 ? a : 1
    }
}
