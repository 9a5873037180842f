// The ELF file header (identification + Ehdr), exactly as stored.
//
// This is the raw header: e_shnum, e_phnum and e_shstrndx may hold the
// escape values of the extended-numbering convention. ElfFile resolves
// them through section header 0; keeping the raw values here lets tools
// show what the file really says.

public struct ElfFileHeader: Sendable, Equatable {
    public let fileClass: ElfClass
    public let byteOrder: ByteOrder
    public let osABI: UInt8
    public let abiVersion: UInt8
    public let type: ElfFileType
    public let machine: ElfMachine
    public let version: UInt32
    public let entry: UInt64
    public let programHeaderOffset: UInt64
    public let sectionHeaderOffset: UInt64
    public let flags: UInt32
    public let headerSize: UInt16
    public let programHeaderEntrySize: UInt16
    /// Raw e_phnum; 0xffff (PN_XNUM) means "see section 0's sh_info".
    public let rawProgramHeaderCount: UInt16
    public let sectionHeaderEntrySize: UInt16
    /// Raw e_shnum; 0 with a nonzero e_shoff means "see section 0's sh_size".
    public let rawSectionHeaderCount: UInt16
    /// Raw e_shstrndx; 0xffff (SHN_XINDEX) means "see section 0's sh_link".
    public let rawSectionNameTableIndex: UInt16

    /// Parses the identification bytes and the header that follows them.
    public init(bytes: UnsafeRawBufferPointer) throws(ElfError) {
        // Identification is byte-oriented, so any byte order reads it.
        let ident = try ByteReader(bytes, order: .little)
            .record(at: 0, size: 16, structure: .identification)
        guard ident.u8(0) == 0x7f, ident.u8(1) == 0x45, ident.u8(2) == 0x4c, ident.u8(3) == 0x46 else {
            throw .badMagic
        }
        guard let fileClass = ElfClass(rawValue: ident.u8(4)) else {
            throw .unsupportedClass(ident.u8(4))
        }
        let order: ByteOrder
        switch ident.u8(5) {
        case 1: order = .little
        case 2: order = .big
        default: throw .unsupportedDataEncoding(ident.u8(5))
        }
        guard ident.u8(6) == 1 else {
            throw .unsupportedVersion(structure: .identification, value: UInt64(ident.u8(6)))
        }
        let layout = FileHeaderLayout.forClass(fileClass)
        let r = try ByteReader(bytes, order: order).record(at: 0, size: layout.size, structure: .fileHeader)
        self.fileClass = fileClass
        self.byteOrder = order
        self.osABI = ident.u8(7)
        self.abiVersion = ident.u8(8)
        self.type = ElfFileType(rawValue: UInt16(truncatingIfNeeded: r.read(layout.type)))
        self.machine = ElfMachine(rawValue: UInt16(truncatingIfNeeded: r.read(layout.machine)))
        self.version = UInt32(truncatingIfNeeded: r.read(layout.version))
        self.entry = r.read(layout.entry)
        self.programHeaderOffset = r.read(layout.phoff)
        self.sectionHeaderOffset = r.read(layout.shoff)
        self.flags = UInt32(truncatingIfNeeded: r.read(layout.flags))
        self.headerSize = UInt16(truncatingIfNeeded: r.read(layout.ehsize))
        self.programHeaderEntrySize = UInt16(truncatingIfNeeded: r.read(layout.phentsize))
        self.rawProgramHeaderCount = UInt16(truncatingIfNeeded: r.read(layout.phnum))
        self.sectionHeaderEntrySize = UInt16(truncatingIfNeeded: r.read(layout.shentsize))
        self.rawSectionHeaderCount = UInt16(truncatingIfNeeded: r.read(layout.shnum))
        self.rawSectionNameTableIndex = UInt16(truncatingIfNeeded: r.read(layout.shstrndx))
    }
}
