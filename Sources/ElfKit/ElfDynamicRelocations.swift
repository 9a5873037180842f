// The relocation tables a loader finds through the dynamic section, without
// section headers: DT_RELA/DT_RELASZ/DT_RELAENT, DT_REL/DT_RELSZ/DT_RELENT,
// DT_JMPREL/DT_PLTRELSZ/DT_PLTREL and DT_RELR/DT_RELRSZ/DT_RELRENT (gABI
// "Dynamic Section"). Addresses are mapped to file bytes through PT_LOAD.

/// The dynamic relocation tables named by a dynamic section.
public struct ElfDynamicRelocations {
    public let rela: ElfRelocationTable?
    public let rel: ElfRelocationTable?
    /// DT_JMPREL: REL or RELA as DT_PLTREL says.
    public let plt: ElfRelocationTable?
    public let relr: ElfRelrIterator?
}

extension ElfFile {
    /// The tables `dynamic` points at. A tag whose address is not in a PT_LOAD
    /// segment's file bytes, or whose size runs out of it, is an error.
    public func dynamicRelocations(_ dynamic: ElfDynamicTable) throws(ElfError) -> ElfDynamicRelocations {
        func bytes(_ address: ElfDynamicTag, _ size: ElfDynamicTag) throws(ElfError) -> UnsafeRawBufferPointer? {
            guard let a = try dynamic.value(of: address) else { return nil }
            let n = try dynamic.value(of: size) ?? 0
            guard let b = try segmentBytes(atAddress: a, count: n) else {
                throw .outOfBounds(structure: .dynamicEntry, field: .address, offset: dynamic.baseOffset)
            }
            return b
        }
        func table(_ b: UnsafeRawBufferPointer?, rela: Bool, entry: ElfDynamicTag?) throws(ElfError) -> ElfRelocationTable? {
            guard let b else { return nil }
            let size = try entry.flatMap { (t: ElfDynamicTag) throws(ElfError) -> UInt64? in try dynamic.value(of: t) } ?? 0
            return try ElfRelocationTable(
                bytes: b, hasAddends: rela, fileClass: fileClass, order: byteOrder, entrySize: size,
                baseOffset: offset(of: b))
        }
        let pltIsRela = try dynamic.value(of: .pltRel).map { $0 == 7 } ?? (fileClass == .elf64)
        var relr: ElfRelrIterator?
        if let b = try bytes(.relr, .relrSize) {
            relr = try ElfRelrIterator(
                bytes: b, fileClass: fileClass, order: byteOrder,
                entrySize: try dynamic.value(of: .relrEntrySize) ?? 0, baseOffset: offset(of: b))
        }
        return ElfDynamicRelocations(
            rela: try table(try bytes(.rela, .relaSize), rela: true, entry: .relaEntrySize),
            rel: try table(try bytes(.rel, .relSize), rela: false, entry: .relEntrySize),
            plt: try table(try bytes(.jmpRel, .pltRelSize), rela: pltIsRela, entry: nil),
            relr: relr)
    }

    /// The file offset of a slice of this file's bytes.
    func offset(of slice: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress, let start = slice.baseAddress else { return 0 }
        return base.distance(to: start)
    }
}
