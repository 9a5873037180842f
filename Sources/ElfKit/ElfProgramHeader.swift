// One program header (Elf32_Phdr / Elf64_Phdr): a segment of the memory image.

public struct ElfProgramHeader: Sendable, Equatable {
    public let index: Int
    public let headerOffset: Int
    public let type: ElfSegmentType
    public let flags: ElfSegmentFlags
    public let offset: UInt64
    public let virtualAddress: UInt64
    public let physicalAddress: UInt64
    public let fileSize: UInt64
    public let memorySize: UInt64
    public let alignment: UInt64

    init(index: Int, headerOffset: Int, reader r: FieldReader, layout: ProgramHeaderLayout) {
        self.index = index
        self.headerOffset = headerOffset
        self.type = ElfSegmentType(rawValue: UInt32(truncatingIfNeeded: r.read(layout.type)))
        self.flags = ElfSegmentFlags(rawValue: UInt32(truncatingIfNeeded: r.read(layout.flags)))
        self.offset = r.read(layout.offset)
        self.virtualAddress = r.read(layout.vaddr)
        self.physicalAddress = r.read(layout.paddr)
        self.fileSize = r.read(layout.filesz)
        self.memorySize = r.read(layout.memsz)
        self.alignment = r.read(layout.align)
    }
}
