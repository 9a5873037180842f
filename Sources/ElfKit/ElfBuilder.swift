// Building a new ELF file from sections, segments and symbols.
//
// For the boot archive packer and for test fixtures: the caller describes
// sections (with their contents), which sections each segment covers, and
// symbols; build() (ElfBuilderLayout.swift) lays the file out and returns
// its bytes. Section indices returned by addSection are the final indices
// in the file (0 is the reserved SHN_UNDEF entry), so symbols, sh_link and
// segments can refer to them directly. .symtab/.strtab (when there are
// symbols) and .shstrtab are generated after the caller's sections.

public struct ElfBuilder {
    /// One section as the caller describes it.
    public struct Section {
        public var name: String
        public var type: ElfSectionType
        public var flags: ElfSectionFlags
        public var address: UInt64
        public var alignment: UInt64
        public var link: UInt32
        public var info: UInt32
        public var entrySize: UInt64
        /// The file bytes; empty for SHT_NOBITS.
        public var contents: [UInt8]
        /// sh_size of an SHT_NOBITS section (ignored otherwise).
        public var noBitsSize: UInt64

        /// sh_size: the contents' length, or `noBitsSize` for SHT_NOBITS.
        public var size: UInt64 { type == .nobits ? noBitsSize : UInt64(contents.count) }
    }

    /// One program header and the sections it covers.
    public struct Segment {
        public var type: ElfSegmentType
        public var flags: ElfSegmentFlags
        /// Section indices (as returned by addSection), in ascending address order.
        public var sections: [Int]
        /// p_align; 0 means the page size for PT_LOAD and the largest section alignment otherwise.
        public var alignment: UInt64
    }

    /// Where a symbol is defined (st_shndx).
    public enum SymbolSection: Sendable, Equatable {
        case undefined
        case absolute
        case common
        case section(Int)
    }

    public struct Symbol {
        public var name: String
        public var value: UInt64
        public var size: UInt64
        public var type: ElfSymbolType
        public var binding: ElfSymbolBinding
        public var visibility: ElfSymbolVisibility
        public var section: SymbolSection
    }

    public var fileClass: ElfClass
    public var byteOrder: ByteOrder
    public var type: ElfFileType
    public var machine: ElfMachine
    public var entry: UInt64 = 0
    public var flags: UInt32 = 0
    public var osABI: UInt8 = 0
    /// Default p_align of PT_LOAD segments.
    public var pageSize: UInt64 = 0x1000
    public private(set) var sections: [Section] = []
    public private(set) var segments: [Segment] = []
    public private(set) var symbols: [Symbol] = []

    public init(
        fileClass: ElfClass = .elf64, byteOrder: ByteOrder = .little,
        type: ElfFileType, machine: ElfMachine
    ) {
        self.fileClass = fileClass
        self.byteOrder = byteOrder
        self.type = type
        self.machine = machine
    }

    /// Adds a section with file contents and returns its section index.
    @discardableResult
    public mutating func addSection(
        name: String, type: ElfSectionType = .progbits, flags: ElfSectionFlags = [],
        address: UInt64 = 0, alignment: UInt64 = 1, link: UInt32 = 0, info: UInt32 = 0,
        entrySize: UInt64 = 0, contents: [UInt8]
    ) -> Int {
        sections.append(Section(
            name: name, type: type, flags: flags, address: address, alignment: alignment,
            link: link, info: info, entrySize: entrySize, contents: contents, noBitsSize: 0))
        return sections.count
    }

    /// Adds an SHT_NOBITS section (.bss) of `size` bytes and returns its index.
    @discardableResult
    public mutating func addNoBitsSection(
        name: String, flags: ElfSectionFlags = [.alloc, .write], address: UInt64 = 0,
        alignment: UInt64 = 1, size: UInt64
    ) -> Int {
        sections.append(Section(
            name: name, type: .nobits, flags: flags, address: address, alignment: alignment,
            link: 0, info: 0, entrySize: 0, contents: [], noBitsSize: size))
        return sections.count
    }

    /// Adds a program header covering `sections` (may be empty, as for PT_GNU_STACK).
    public mutating func addSegment(
        type: ElfSegmentType, flags: ElfSegmentFlags, sections: [Int] = [], alignment: UInt64 = 0
    ) {
        segments.append(Segment(type: type, flags: flags, sections: sections, alignment: alignment))
    }

    /// Adds a symbol to .symtab; locals are placed before globals as the gABI requires.
    public mutating func addSymbol(
        name: String, value: UInt64, size: UInt64 = 0, type: ElfSymbolType = .notype,
        binding: ElfSymbolBinding = .global, visibility: ElfSymbolVisibility = .default,
        section: SymbolSection
    ) {
        symbols.append(Symbol(
            name: name, value: value, size: size, type: type, binding: binding,
            visibility: visibility, section: section))
    }
}
