// One section header (Elf32_Shdr / Elf64_Shdr), decoded but unvalidated.
//
// Decoding never fails once the record is in bounds; whether sh_offset and
// sh_size describe bytes inside the file is checked only when the contents
// are asked for (ElfFile.contents(of:)), because many valid files have
// sections whose contents do not matter to the caller.

public struct ElfSectionHeader: Sendable, Equatable {
    /// Index of this header in the section header table.
    public let index: Int
    /// File offset of this header, for error reports.
    public let headerOffset: Int
    /// sh_name: offset of the name in the section name string table.
    public let nameOffset: UInt32
    public let type: ElfSectionType
    public let flags: ElfSectionFlags
    public let address: UInt64
    public let offset: UInt64
    public let size: UInt64
    public let link: UInt32
    public let info: UInt32
    public let addressAlignment: UInt64
    public let entrySize: UInt64

    init(index: Int, headerOffset: Int, reader r: FieldReader, layout: SectionHeaderLayout) {
        self.index = index
        self.headerOffset = headerOffset
        self.nameOffset = UInt32(truncatingIfNeeded: r.read(layout.name))
        self.type = ElfSectionType(rawValue: UInt32(truncatingIfNeeded: r.read(layout.type)))
        self.flags = ElfSectionFlags(rawValue: r.read(layout.flags))
        self.address = r.read(layout.addr)
        self.offset = r.read(layout.offset)
        self.size = r.read(layout.sectionSize)
        self.link = UInt32(truncatingIfNeeded: r.read(layout.link))
        self.info = UInt32(truncatingIfNeeded: r.read(layout.info))
        self.addressAlignment = r.read(layout.addralign)
        self.entrySize = r.read(layout.entsize)
    }

    /// Whether the section's address range [address, address+size) holds `address`.
    public func containsAddress(_ a: UInt64) -> Bool {
        a >= address && a - address < size
    }
}
