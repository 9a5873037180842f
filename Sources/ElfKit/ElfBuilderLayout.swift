// ElfBuilder.build(): validating the description and laying out the file.
//
// File order: ELF header, program header table, section contents, the
// generated .symtab/.strtab/.shstrtab, then the section header table.
// The sections of each PT_LOAD are placed as one block whose file image
// mirrors its memory image (gABI "Program Loading": p_offset and p_vaddr
// congruent modulo p_align, each section at p_offset + (sh_addr - p_vaddr)),
// so the result can be loaded by mapping or copying segments. Extended
// section numbering is not produced: more than 0xfeff sections is an error.

extension ElfBuilder {
    /// Lays the file out and returns its bytes.
    public func build() throws(ElfError) -> [UInt8] {
        let userCount = sections.count
        let hasSymbols = !symbols.isEmpty
        let symtabIndex = hasSymbols ? userCount + 1 : 0
        let strtabIndex = hasSymbols ? userCount + 2 : 0
        let shstrIndex = userCount + (hasSymbols ? 3 : 1)
        let total = shstrIndex + 1
        guard total < Int(ElfSectionIndex.loReserve), segments.count < 0xffff else {
            throw .writeRejected(.valueTooLarge, index: -1)
        }
        let loadOf = try validate(total: total)
        let headerSize = FileHeaderLayout.forClass(fileClass).size
        let phSize = ProgramHeaderLayout.forClass(fileClass).size
        let wordAlign: UInt64 = fileClass == .elf64 ? 8 : 4

        var out = ElfWriteBuffer(order: byteOrder)
        out.write([UInt8](repeating: 0, count: headerSize + phSize * segments.count), at: 0)
        var records = [ElfSectionRecord](repeating: ElfSectionRecord(), count: total)
        var names = ElfStringTableBuilder()
        var placed = [Bool](repeating: false, count: userCount + 1)
        for i in 0..<userCount where !placed[i + 1] {
            let load = loadOf[i + 1]
            if load >= 0 {
                try placeLoad(segments[load], into: &out, records: &records, placed: &placed)
            } else {
                let s = sections[i]
                let at = s.type == .nobits
                    ? out.pad(toAlignment: s.alignment) : out.append(s.contents, alignment: s.alignment)
                records[i + 1].offset = UInt64(at)
                placed[i + 1] = true
            }
        }
        for i in 0..<userCount {
            let s = sections[i]
            records[i + 1].nameOffset = names.add(s.name)
            records[i + 1].type = s.type
            records[i + 1].flags = s.flags
            records[i + 1].address = s.address
            records[i + 1].size = s.size
            records[i + 1].link = s.link
            records[i + 1].info = s.info
            records[i + 1].addressAlignment = s.alignment
            records[i + 1].entrySize = s.entrySize
        }
        if hasSymbols {
            let (table, strings, locals) = try symbolTable()
            var r = ElfSectionRecord()
            r.nameOffset = names.add(".symtab")
            r.type = .symtab
            r.offset = UInt64(out.append(table, alignment: wordAlign))
            r.size = UInt64(table.count)
            r.link = UInt32(strtabIndex)
            // gABI: sh_info is "one greater than the symbol table index of the last local symbol".
            r.info = UInt32(truncatingIfNeeded: locals + 1)
            r.addressAlignment = wordAlign
            r.entrySize = UInt64(SymbolLayout.forClass(fileClass).size)
            records[symtabIndex] = r
            var s = ElfSectionRecord()
            s.nameOffset = names.add(".strtab")
            s.type = .strtab
            s.offset = UInt64(out.append(strings, alignment: 1))
            s.size = UInt64(strings.count)
            s.addressAlignment = 1
            records[strtabIndex] = s
        }
        var shstr = ElfSectionRecord()
        shstr.nameOffset = names.add(".shstrtab")
        shstr.type = .strtab
        shstr.offset = UInt64(out.append(names.bytes, alignment: 1))
        shstr.size = UInt64(names.bytes.count)
        shstr.addressAlignment = 1
        records[shstrIndex] = shstr

        let shoff = out.pad(toAlignment: wordAlign)
        let shSize = SectionHeaderLayout.forClass(fileClass).size
        for i in 0..<total {
            try records[i].encode(into: &out, at: shoff + i * shSize, fileClass: fileClass, index: i)
        }
        for (k, segment) in segments.enumerated() {
            let r = try segmentRecord(segment, records: records, index: k)
            try r.encode(into: &out, at: headerSize + k * phSize, fileClass: fileClass, index: k)
        }
        let header = ElfHeaderRecord(
            fileClass: fileClass, osABI: osABI, type: type, machine: machine, entry: entry,
            programHeaderOffset: segments.isEmpty ? 0 : UInt64(headerSize),
            sectionHeaderOffset: UInt64(shoff), flags: flags,
            programHeaderCount: UInt16(segments.count), sectionHeaderCount: UInt16(total),
            sectionNameTableIndex: UInt16(shstrIndex))
        try header.encode(into: &out)
        return out.bytes
    }

    /// Checks alignments and references; returns, per section index, the PT_LOAD covering it (-1: none).
    func validate(total: Int) throws(ElfError) -> [Int] {
        var loadOf = [Int](repeating: -1, count: sections.count + 1)
        for (i, s) in sections.enumerated() {
            guard s.alignment & (s.alignment &- 1) == 0 else { throw .writeRejected(.badAlignment, index: i + 1) }
            guard s.alignment <= 1 << 30 else { throw .writeRejected(.valueTooLarge, index: i + 1) }
            if s.flags.contains(.alloc), s.alignment > 1, s.address & (s.alignment - 1) != 0 {
                throw .writeRejected(.misalignedAddress, index: i + 1)
            }
            guard Int(s.link) < total else { throw .writeRejected(.badSectionReference, index: i + 1) }
        }
        for (k, segment) in segments.enumerated() {
            for i in segment.sections where i < 1 || i > sections.count {
                throw .writeRejected(.badSectionReference, index: k)
            }
            let align = segment.alignment == 0 && segment.type == .load ? pageSize : segment.alignment
            guard align & (align &- 1) == 0, align <= 1 << 30 else { throw .writeRejected(.badAlignment, index: k) }
            guard segment.type == .load else { continue }
            guard align > 0 else { throw .writeRejected(.badAlignment, index: k) }
            guard !segment.sections.isEmpty else { throw .writeRejected(.badSectionReference, index: k) }
            var end: UInt64 = 0
            var sawNoBits = false
            for i in segment.sections {
                let s = sections[i - 1]
                let (sEnd, overflow) = s.address.addingReportingOverflow(s.size)
                guard loadOf[i] < 0, s.flags.contains(.alloc), !overflow, s.address >= end,
                      !(sawNoBits && s.type != .nobits),
                      s.address - sections[segment.sections[0] - 1].address < 1 << 32
                else { throw .writeRejected(.badSegmentLayout, index: k) }
                loadOf[i] = k
                end = sEnd
                sawNoBits = sawNoBits || s.type == .nobits
            }
        }
        for (n, symbol) in symbols.enumerated() {
            if case .section(let i) = symbol.section, i < 1 || i > sections.count {
                throw .writeRejected(.badSectionReference, index: n)
            }
        }
        return loadOf
    }

    /// Places all sections of one PT_LOAD at p_offset + (sh_addr - p_vaddr).
    func placeLoad(
        _ segment: Segment, into out: inout ElfWriteBuffer, records: inout [ElfSectionRecord],
        placed: inout [Bool]
    ) throws(ElfError) {
        let vaddr = sections[segment.sections[0] - 1].address
        let align = segment.alignment == 0 ? pageSize : segment.alignment
        let cursor = UInt64(out.count)
        let base = cursor + ((vaddr &- cursor) & (align &- 1))
        for i in segment.sections {
            let s = sections[i - 1]
            // validate() bounded address - vaddr below 4 GiB.
            let at = Int(base + (s.address - vaddr))
            if s.type != .nobits { out.write(s.contents, at: at) }
            records[i].offset = UInt64(at)
            placed[i] = true
        }
    }

    /// The program header of `segment`, computed from where its sections ended up.
    func segmentRecord(
        _ segment: Segment, records: [ElfSectionRecord], index: Int
    ) throws(ElfError) -> ElfSegmentRecord {
        var r = ElfSegmentRecord()
        r.type = segment.type
        r.flags = segment.flags
        var maxAlign: UInt64 = 1
        var first = true
        var fileEnd: UInt64 = 0, memEnd: UInt64 = 0
        for i in segment.sections {
            let s = records[i]
            maxAlign = max(maxAlign, s.addressAlignment)
            if first || s.offset < r.offset { r.offset = s.offset }
            if first || s.address < r.virtualAddress { r.virtualAddress = s.address }
            first = false
            let (f, o1) = s.offset.addingReportingOverflow(s.size)
            let (m, o2) = s.address.addingReportingOverflow(s.size)
            guard !o1, !o2 else { throw .writeRejected(.valueTooLarge, index: index) }
            if s.type != .nobits { fileEnd = max(fileEnd, f) }
            memEnd = max(memEnd, m)
        }
        r.physicalAddress = r.virtualAddress
        r.fileSize = fileEnd > r.offset ? fileEnd - r.offset : 0
        r.memorySize = memEnd > r.virtualAddress ? memEnd - r.virtualAddress : 0
        if segment.type == .load {
            r.alignment = segment.alignment == 0 ? pageSize : segment.alignment
        } else {
            r.alignment = segment.alignment == 0 ? (segment.sections.isEmpty ? 0 : maxAlign) : segment.alignment
        }
        return r
    }

    /// .symtab and .strtab contents and the number of local symbols (null symbol excluded).
    func symbolTable() throws(ElfError) -> ([UInt8], [UInt8], Int) {
        let layout = SymbolLayout.forClass(fileClass)
        var table = ElfWriteBuffer(order: byteOrder)
        table.write([UInt8](repeating: 0, count: layout.size), at: 0)
        var strings = ElfStringTableBuilder()
        var locals = 0
        for pass in 0..<2 {
            for (n, s) in symbols.enumerated() where (s.binding == .local) == (pass == 0) {
                if pass == 0 { locals += 1 }
                let base = table.count
                let shndx: UInt64
                switch s.section {
                case .undefined: shndx = UInt64(ElfSectionIndex.undefined)
                case .absolute: shndx = UInt64(ElfSectionIndex.absolute)
                case .common: shndx = UInt64(ElfSectionIndex.common)
                case .section(let i): shndx = UInt64(i)
                }
                let info = UInt64(s.binding.rawValue << 4 | s.type.rawValue & 0xf)
                let fields: [(FieldLayout, UInt64)] = [
                    (layout.name, UInt64(strings.add(s.name))), (layout.value, s.value),
                    (layout.symbolSize, s.size), (layout.info, info),
                    (layout.other, UInt64(s.visibility.rawValue & 3)), (layout.shndx, shndx),
                ]
                for (field, value) in fields {
                    guard ElfWriteBuffer.fits(value, width: field.width) else {
                        throw .writeRejected(.valueTooLarge, index: n)
                    }
                    table.put(field, value, base: base)
                }
            }
        }
        return (table.bytes, strings.bytes, locals)
    }
}
