// Raw on-disk layouts of the ELF structures, kept apart from the readers.
//
// ELF32 and ELF64 differ only in field widths and order; describing each
// structure once as a table of (offset, width) lets a single reader handle
// both classes. The tables are computed properties, not stored statics, so
// Embedded Swift needs no lazy global initialisation for them.

/// Where a field sits in a record and how many bytes it has (1, 2, 4 or 8).
public struct FieldLayout: Sendable {
    public let offset: Int
    public let width: Int

    public init(_ offset: Int, _ width: Int) {
        self.offset = offset
        self.width = width
    }
}

/// Elf32_Ehdr / Elf64_Ehdr after the 16 identification bytes.
public struct FileHeaderLayout: Sendable {
    public let size: Int
    public let type, machine, version, entry, phoff, shoff, flags: FieldLayout
    public let ehsize, phentsize, phnum, shentsize, shnum, shstrndx: FieldLayout

    public static func forClass(_ c: ElfClass) -> FileHeaderLayout {
        c == .elf64
            ? FileHeaderLayout(
                size: 64, type: .init(16, 2), machine: .init(18, 2), version: .init(20, 4),
                entry: .init(24, 8), phoff: .init(32, 8), shoff: .init(40, 8), flags: .init(48, 4),
                ehsize: .init(52, 2), phentsize: .init(54, 2), phnum: .init(56, 2),
                shentsize: .init(58, 2), shnum: .init(60, 2), shstrndx: .init(62, 2))
            : FileHeaderLayout(
                size: 52, type: .init(16, 2), machine: .init(18, 2), version: .init(20, 4),
                entry: .init(24, 4), phoff: .init(28, 4), shoff: .init(32, 4), flags: .init(36, 4),
                ehsize: .init(40, 2), phentsize: .init(42, 2), phnum: .init(44, 2),
                shentsize: .init(46, 2), shnum: .init(48, 2), shstrndx: .init(50, 2))
    }
}

/// Elf32_Shdr / Elf64_Shdr.
public struct SectionHeaderLayout: Sendable {
    public let size: Int
    public let name, type, flags, addr, offset, sectionSize, link, info, addralign, entsize: FieldLayout

    public static func forClass(_ c: ElfClass) -> SectionHeaderLayout {
        c == .elf64
            ? SectionHeaderLayout(
                size: 64, name: .init(0, 4), type: .init(4, 4), flags: .init(8, 8),
                addr: .init(16, 8), offset: .init(24, 8), sectionSize: .init(32, 8),
                link: .init(40, 4), info: .init(44, 4), addralign: .init(48, 8), entsize: .init(56, 8))
            : SectionHeaderLayout(
                size: 40, name: .init(0, 4), type: .init(4, 4), flags: .init(8, 4),
                addr: .init(12, 4), offset: .init(16, 4), sectionSize: .init(20, 4),
                link: .init(24, 4), info: .init(28, 4), addralign: .init(32, 4), entsize: .init(36, 4))
    }
}

/// Elf32_Phdr / Elf64_Phdr (p_flags moves to the front in ELF64 for alignment).
public struct ProgramHeaderLayout: Sendable {
    public let size: Int
    public let type, flags, offset, vaddr, paddr, filesz, memsz, align: FieldLayout

    public static func forClass(_ c: ElfClass) -> ProgramHeaderLayout {
        c == .elf64
            ? ProgramHeaderLayout(
                size: 56, type: .init(0, 4), flags: .init(4, 4), offset: .init(8, 8),
                vaddr: .init(16, 8), paddr: .init(24, 8), filesz: .init(32, 8),
                memsz: .init(40, 8), align: .init(48, 8))
            : ProgramHeaderLayout(
                size: 32, type: .init(0, 4), flags: .init(24, 4), offset: .init(4, 4),
                vaddr: .init(8, 4), paddr: .init(12, 4), filesz: .init(16, 4),
                memsz: .init(20, 4), align: .init(28, 4))
    }
}

/// Elf32_Sym / Elf64_Sym.
public struct SymbolLayout: Sendable {
    public let size: Int
    public let name, value, symbolSize, info, other, shndx: FieldLayout

    public static func forClass(_ c: ElfClass) -> SymbolLayout {
        c == .elf64
            ? SymbolLayout(
                size: 24, name: .init(0, 4), value: .init(8, 8), symbolSize: .init(16, 8),
                info: .init(4, 1), other: .init(5, 1), shndx: .init(6, 2))
            : SymbolLayout(
                size: 16, name: .init(0, 4), value: .init(4, 4), symbolSize: .init(8, 4),
                info: .init(12, 1), other: .init(13, 1), shndx: .init(14, 2))
    }
}
