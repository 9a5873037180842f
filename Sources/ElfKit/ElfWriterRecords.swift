// Mutable header records for the writer, encoded through the reader's layouts.
//
// The reader's ElfSectionHeader and ElfProgramHeader are immutable views
// of a file; the writer needs values it can build and change. Encoding
// checks that every value fits its field (ELF32 has 32-bit addresses,
// offsets and sizes) and throws instead of truncating.

/// The fields of one section header (gABI "Sections", Elf32_Shdr / Elf64_Shdr).
public struct ElfSectionRecord: Sendable, Equatable {
    public var nameOffset: UInt32 = 0
    public var type: ElfSectionType = .null
    public var flags: ElfSectionFlags = []
    public var address: UInt64 = 0
    public var offset: UInt64 = 0
    public var size: UInt64 = 0
    public var link: UInt32 = 0
    public var info: UInt32 = 0
    public var addressAlignment: UInt64 = 0
    public var entrySize: UInt64 = 0

    public init() {}

    public init(_ h: ElfSectionHeader) {
        nameOffset = h.nameOffset
        type = h.type
        flags = h.flags
        address = h.address
        offset = h.offset
        size = h.size
        link = h.link
        info = h.info
        addressAlignment = h.addressAlignment
        entrySize = h.entrySize
    }

    /// Writes the record at `at`; `index` names it in errors.
    func encode(into out: inout ElfWriteBuffer, at: Int, fileClass: ElfClass, index: Int) throws(ElfError) {
        let l = SectionHeaderLayout.forClass(fileClass)
        let fields: [(FieldLayout, UInt64)] = [
            (l.name, UInt64(nameOffset)), (l.type, UInt64(type.rawValue)), (l.flags, flags.rawValue),
            (l.addr, address), (l.offset, offset), (l.sectionSize, size), (l.link, UInt64(link)),
            (l.info, UInt64(info)), (l.addralign, addressAlignment), (l.entsize, entrySize),
        ]
        for (field, value) in fields {
            guard ElfWriteBuffer.fits(value, width: field.width) else {
                throw .writeRejected(.valueTooLarge, index: index)
            }
            out.put(field, value, base: at)
        }
    }
}

/// The fields of one program header (gABI "Program Header").
public struct ElfSegmentRecord: Sendable, Equatable {
    public var type: ElfSegmentType = .null
    public var flags: ElfSegmentFlags = []
    public var offset: UInt64 = 0
    public var virtualAddress: UInt64 = 0
    public var physicalAddress: UInt64 = 0
    public var fileSize: UInt64 = 0
    public var memorySize: UInt64 = 0
    public var alignment: UInt64 = 0

    public init() {}

    func encode(into out: inout ElfWriteBuffer, at: Int, fileClass: ElfClass, index: Int) throws(ElfError) {
        let l = ProgramHeaderLayout.forClass(fileClass)
        let fields: [(FieldLayout, UInt64)] = [
            (l.type, UInt64(type.rawValue)), (l.flags, UInt64(flags.rawValue)), (l.offset, offset),
            (l.vaddr, virtualAddress), (l.paddr, physicalAddress), (l.filesz, fileSize),
            (l.memsz, memorySize), (l.align, alignment),
        ]
        for (field, value) in fields {
            guard ElfWriteBuffer.fits(value, width: field.width) else {
                throw .writeRejected(.valueTooLarge, index: index)
            }
            out.put(field, value, base: at)
        }
    }
}

/// The e_ident and Ehdr fields the writer sets (gABI "ELF Header").
struct ElfHeaderRecord {
    var fileClass: ElfClass
    var osABI: UInt8 = 0
    var type: ElfFileType
    var machine: ElfMachine
    var entry: UInt64 = 0
    var programHeaderOffset: UInt64 = 0
    var sectionHeaderOffset: UInt64 = 0
    var flags: UInt32 = 0
    var programHeaderCount: UInt16 = 0
    var sectionHeaderCount: UInt16 = 0
    var sectionNameTableIndex: UInt16 = 0

    func encode(into out: inout ElfWriteBuffer) throws(ElfError) {
        let l = FileHeaderLayout.forClass(fileClass)
        // e_ident: magic, EI_CLASS, EI_DATA, EI_VERSION = EV_CURRENT, EI_OSABI, then padding.
        out.write([0x7f, 0x45, 0x4c, 0x46, fileClass.rawValue, out.order == .little ? 1 : 2, 1, osABI], at: 0)
        out.zero(at: 8, count: 8)
        let ph = ProgramHeaderLayout.forClass(fileClass).size
        let sh = SectionHeaderLayout.forClass(fileClass).size
        let fields: [(FieldLayout, UInt64)] = [
            (l.type, UInt64(type.rawValue)), (l.machine, UInt64(machine.rawValue)), (l.version, 1),
            (l.entry, entry), (l.phoff, programHeaderOffset), (l.shoff, sectionHeaderOffset),
            (l.flags, UInt64(flags)), (l.ehsize, UInt64(l.size)), (l.phentsize, UInt64(ph)),
            (l.phnum, UInt64(programHeaderCount)), (l.shentsize, UInt64(sh)),
            (l.shnum, UInt64(sectionHeaderCount)), (l.shstrndx, UInt64(sectionNameTableIndex)),
        ]
        for (field, value) in fields {
            guard ElfWriteBuffer.fits(value, width: field.width) else {
                throw .writeRejected(.valueTooLarge, index: -1)
            }
            out.put(field, value, base: 0)
        }
    }
}
