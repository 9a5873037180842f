// Packed relative relocations: SHT_RELR (19) sections and DT_RELR tables.
//
// gABI (2022, "Relocation", SHT_RELR): an array of class-sized words. An
// even word is the address of a relative relocation; it also sets the
// base to the next word after it. An odd word is a bitmap: bit i (1 ..
// wordbits-1) set means a relocation at base + (i - 1) * wordsize; the
// base then advances by (wordbits - 1) * wordsize. The first word must be
// an address. Decoding is an iterator over the input, so a table of any
// size costs no memory; addresses wrap at the class's word size, as the
// loader computes them.

/// Decodes an SHT_RELR table into the addresses it relocates.
/// Use as `var it = try file.relrAddresses(in: section); while let a = try it.next() { ... }`.
public struct ElfRelrIterator {
    public let contents: UnsafeRawBufferPointer
    /// File offset of `contents`, for error reports.
    public let baseOffset: Int
    /// The number of RELR words (what readelf calls "entries").
    public var entryCount: Int { contents.count / wordSize }
    let wordSize: Int
    let order: ByteOrder
    /// The next word to read.
    var word = 0
    /// The address the next bitmap starts at (nil until the first address word).
    var base: UInt64? = nil
    /// The bitmap being expanded (its low bit already consumed) and the address of its next bit.
    var bitmap: UInt64 = 0
    var bitAddress: UInt64 = 0

    public init(
        bytes: UnsafeRawBufferPointer, fileClass: ElfClass, order: ByteOrder,
        entrySize: UInt64 = 0, baseOffset: Int = 0, headerOffset: Int = 0
    ) throws(ElfError) {
        let wordSize = fileClass == .elf64 ? 8 : 4
        guard entrySize == 0 || entrySize == UInt64(wordSize) else {
            throw .badValue(structure: .sectionHeader, field: .entrySize, offset: headerOffset)
        }
        guard bytes.count % wordSize == 0 else {
            throw .badValue(structure: .sectionHeader, field: .size, offset: headerOffset)
        }
        self.contents = bytes
        self.baseOffset = baseOffset
        self.wordSize = wordSize
        self.order = order
    }

    var mask: UInt64 { wordSize == 8 ? ~0 : 0xffff_ffff }

    /// The next relocated address, or nil at the end of the table.
    public mutating func next() throws(ElfError) -> UInt64? {
        while true {
            // Drain the current bitmap first.
            while bitmap != 0 {
                let set = bitmap & 1 != 0
                let address = bitAddress
                bitmap >>= 1
                bitAddress = (bitAddress &+ UInt64(wordSize)) & mask
                if set { return address }
            }
            guard word < entryCount else { return nil }
            let at = word * wordSize
            let r = try ByteReader(contents, order: order)
                .record(at: UInt64(at), size: wordSize, structure: .relrEntry)
            let entry = wordSize == 8 ? r.u64(0) : UInt64(r.u32(0))
            word += 1
            if entry & 1 == 0 {
                base = (entry &+ UInt64(wordSize)) & mask
                return entry
            }
            guard let start = base else {
                throw .badValue(structure: .relrEntry, field: .value, offset: baseOffset + at)
            }
            bitmap = entry >> 1
            bitAddress = start
            base = (start &+ UInt64(wordSize * (wordSize * 8 - 1))) & mask
        }
    }
}

extension ElfFile {
    /// The addresses relocated by the SHT_RELR section `section`.
    public func relrAddresses(in section: ElfSectionHeader) throws(ElfError) -> ElfRelrIterator {
        guard section.type == .relr else {
            throw .wrongSectionType(index: section.index, type: section.type.rawValue)
        }
        return try ElfRelrIterator(
            bytes: try contents(of: section), fileClass: fileClass, order: byteOrder,
            entrySize: section.entrySize, baseOffset: ByteReader.clampedOffset(section.offset),
            headerOffset: section.headerOffset)
    }
}
