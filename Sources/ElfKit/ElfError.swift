// Errors of the portable ELF reader and of the kernel symbol table reader.
//
// Every failure names *what* was being read (structure), *which* field was
// bad where that applies, and the file offset it happened at, so a report
// about a malformed file can be acted on without a hex editor. Small enums
// rather than Strings keep the error allocation-free, which matters because
// the kernel may hit one while handling an exception.

/// The on-disk structure an error refers to.
public enum ElfStructure: UInt8, Sendable, Equatable {
    case identification
    case fileHeader
    case sectionHeader
    case programHeader
    case sectionContents
    case stringTable
    case symbolTable
    case symbol
    case kernelSymbolTableHeader
    case kernelSymbolTableEntry
    case kernelSymbolTableNames
    case note
    case gnuProperty
    case relocation
    case relrEntry
    case dynamicEntry
    case sysvHashTable
    case gnuHashTable
    case versionSymbolTable
    case versionDefinition
    case versionDefinitionAux
    case versionRequirement
    case versionRequirementAux
    case compressionHeader
}

/// The field of a structure an error refers to.
public enum ElfField: UInt8, Sendable, Equatable {
    case magic
    case fileClass
    case dataEncoding
    case version
    case programHeaderOffset
    case programHeaderEntrySize
    case programHeaderCount
    case sectionHeaderOffset
    case sectionHeaderEntrySize
    case sectionHeaderCount
    case sectionNameTableIndex
    case name
    case type
    case offset
    case size
    case link
    case entrySize
    case index
    case address
    case count
    case alignment
    case nameSize
    case descriptorSize
    case info
    case next
    case auxiliary
    case bucketCount
    case bloomSize
    case bloomShift
    case symbolOffset
    case bucket
    case chain
    case compressionType
    case tag
    case value
}

/// Why an ELF file (or a kernel symbol table) could not be read.
public enum ElfError: Error, Sendable, Equatable {
    /// The file does not start with "\u{7f}ELF" (or a symbol table with "KSYM").
    case badMagic
    /// EI_CLASS is neither ELFCLASS32 (1) nor ELFCLASS64 (2).
    case unsupportedClass(UInt8)
    /// EI_DATA is neither ELFDATA2LSB (1) nor ELFDATA2MSB (2).
    case unsupportedDataEncoding(UInt8)
    /// A version field holds a value this reader does not understand.
    case unsupportedVersion(structure: ElfStructure, value: UInt64)
    /// The structure starting at `offset` extends past the end of the input.
    case truncated(structure: ElfStructure, offset: Int)
    /// `field` of the structure at `offset` points or extends outside the input.
    case outOfBounds(structure: ElfStructure, field: ElfField, offset: Int)
    /// `field` of the structure at `offset` holds an impossible value.
    case badValue(structure: ElfStructure, field: ElfField, offset: Int)
    /// A string offset lies outside its string table, or the string is not
    /// NUL-terminated inside it. `table` is the section index (or -1).
    case badStringOffset(table: Int, offset: UInt64)
    /// An index (of a section, program header or symbol) is not below `count`.
    case indexOutOfRange(structure: ElfStructure, index: Int, count: Int)
    /// The section at `index` does not have the type the operation needs.
    case wrongSectionType(index: Int, type: UInt32)
    /// A load plan refused the file; `segment` is the program header index (-1: the file as a whole).
    case loadRejected(ElfLoadRejection, segment: Int)
    /// The writer or patcher refused an operation; `index` is the section or segment index (-1: none).
    case writeRejected(ElfWriteRejection, index: Int)
}

extension ElfError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .badMagic:
            return "bad magic number"
        case .unsupportedClass(let c):
            return "unsupported ELF class \(c)"
        case .unsupportedDataEncoding(let d):
            return "unsupported ELF data encoding \(d)"
        case .unsupportedVersion(let s, let v):
            return "\(s.name): unsupported version \(v)"
        case .truncated(let s, let off):
            return "\(s.name) at offset \(off) is truncated"
        case .outOfBounds(let s, let f, let off):
            return "\(s.name) at offset \(off): \(f.name) is out of bounds"
        case .badValue(let s, let f, let off):
            return "\(s.name) at offset \(off): bad \(f.name)"
        case .badStringOffset(let table, let off):
            return "string offset \(off) is invalid in string table \(table)"
        case .indexOutOfRange(let s, let i, let n):
            return "\(s.name) index \(i) out of range (count \(n))"
        case .wrongSectionType(let i, let t):
            return "section \(i) has unexpected type \(t)"
        case .loadRejected(let r, let segment):
            return segment < 0 ? "cannot load: \(r.name)" : "cannot load segment \(segment): \(r.name)"
        case .writeRejected(let r, let index):
            return index < 0 ? "cannot write: \(r.name)" : "cannot write (index \(index)): \(r.name)"
        }
    }
}

extension ElfStructure {
    /// Human-readable name; a switch rather than reflection so it works in Embedded Swift.
    public var name: String {
        switch self {
        case .identification: return "ELF identification"
        case .fileHeader: return "file header"
        case .sectionHeader: return "section header"
        case .programHeader: return "program header"
        case .sectionContents: return "section contents"
        case .stringTable: return "string table"
        case .symbolTable: return "symbol table"
        case .symbol: return "symbol"
        case .kernelSymbolTableHeader: return "kernel symbol table header"
        case .kernelSymbolTableEntry: return "kernel symbol table entry"
        case .kernelSymbolTableNames: return "kernel symbol table names"
        case .note: return "note"
        case .gnuProperty: return "GNU property"
        case .relocation: return "relocation"
        case .relrEntry: return "RELR entry"
        case .dynamicEntry: return "dynamic entry"
        case .sysvHashTable: return "SysV hash table"
        case .gnuHashTable: return "GNU hash table"
        case .versionSymbolTable: return "version symbol table"
        case .versionDefinition: return "version definition"
        case .versionDefinitionAux: return "version definition auxiliary"
        case .versionRequirement: return "version requirement"
        case .versionRequirementAux: return "version requirement auxiliary"
        case .compressionHeader: return "compression header"
        }
    }
}

extension ElfField {
    /// The name used in the ELF specification where there is one.
    public var name: String {
        switch self {
        case .magic: return "magic"
        case .fileClass: return "EI_CLASS"
        case .dataEncoding: return "EI_DATA"
        case .version: return "version"
        case .programHeaderOffset: return "e_phoff"
        case .programHeaderEntrySize: return "e_phentsize"
        case .programHeaderCount: return "e_phnum"
        case .sectionHeaderOffset: return "e_shoff"
        case .sectionHeaderEntrySize: return "e_shentsize"
        case .sectionHeaderCount: return "e_shnum"
        case .sectionNameTableIndex: return "e_shstrndx"
        case .name: return "name"
        case .type: return "type"
        case .offset: return "offset"
        case .size: return "size"
        case .link: return "link"
        case .entrySize: return "entsize"
        case .index: return "index"
        case .address: return "address"
        case .count: return "count"
        case .alignment: return "alignment"
        case .nameSize: return "namesz"
        case .descriptorSize: return "descsz"
        case .info: return "info"
        case .next: return "next"
        case .auxiliary: return "aux"
        case .bucketCount: return "nbucket"
        case .bloomSize: return "bloom_size"
        case .bloomShift: return "bloom_shift"
        case .symbolOffset: return "symoffset"
        case .bucket: return "bucket"
        case .chain: return "chain"
        case .compressionType: return "ch_type"
        case .tag: return "d_tag"
        case .value: return "value"
        }
    }
}
