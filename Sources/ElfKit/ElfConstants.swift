// Named values of ELF fields.
//
// Each is a RawRepresentable struct rather than an enum: files carry
// values this code has never heard of (OS- and processor-specific
// ranges), and those must round-trip instead of failing to parse. The
// named values are computed properties so no global storage is needed in
// Embedded Swift.

/// EI_CLASS.
public enum ElfClass: UInt8, Sendable, Equatable {
    case elf32 = 1
    case elf64 = 2
}

/// e_type.
public struct ElfFileType: RawRepresentable, Sendable, Equatable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static var none: Self { Self(rawValue: 0) }
    public static var relocatable: Self { Self(rawValue: 1) }
    public static var executable: Self { Self(rawValue: 2) }
    public static var sharedObject: Self { Self(rawValue: 3) }
    public static var core: Self { Self(rawValue: 4) }
}

/// e_machine (only the values this project meets are named).
public struct ElfMachine: RawRepresentable, Sendable, Equatable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static var i386: Self { Self(rawValue: 3) }
    public static var mips: Self { Self(rawValue: 8) }
    public static var ppc64: Self { Self(rawValue: 21) }
    public static var arm: Self { Self(rawValue: 40) }
    public static var x86_64: Self { Self(rawValue: 62) }
    public static var aarch64: Self { Self(rawValue: 183) }
    public static var riscv: Self { Self(rawValue: 243) }
}

/// sh_type.
public struct ElfSectionType: RawRepresentable, Sendable, Equatable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static var null: Self { Self(rawValue: 0) }
    public static var progbits: Self { Self(rawValue: 1) }
    public static var symtab: Self { Self(rawValue: 2) }
    public static var strtab: Self { Self(rawValue: 3) }
    public static var rela: Self { Self(rawValue: 4) }
    public static var hash: Self { Self(rawValue: 5) }
    public static var dynamic: Self { Self(rawValue: 6) }
    public static var note: Self { Self(rawValue: 7) }
    public static var nobits: Self { Self(rawValue: 8) }
    public static var rel: Self { Self(rawValue: 9) }
    public static var dynsym: Self { Self(rawValue: 11) }
    public static var symtabShndx: Self { Self(rawValue: 18) }
    /// SHT_RELR: packed relative relocations (gABI 2022).
    public static var relr: Self { Self(rawValue: 19) }
    public static var gnuHash: Self { Self(rawValue: 0x6fff_fff6) }
    /// SHT_GNU_verdef (.gnu.version_d).
    public static var gnuVersionDefinitions: Self { Self(rawValue: 0x6fff_fffd) }
    /// SHT_GNU_verneed (.gnu.version_r).
    public static var gnuVersionRequirements: Self { Self(rawValue: 0x6fff_fffe) }
    /// SHT_GNU_versym (.gnu.version).
    public static var gnuVersionSymbols: Self { Self(rawValue: 0x6fff_ffff) }
}

/// sh_flags bits.
public struct ElfSectionFlags: OptionSet, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public static var write: Self { Self(rawValue: 0x1) }
    public static var alloc: Self { Self(rawValue: 0x2) }
    public static var execInstr: Self { Self(rawValue: 0x4) }
    public static var merge: Self { Self(rawValue: 0x10) }
    public static var strings: Self { Self(rawValue: 0x20) }
    public static var tls: Self { Self(rawValue: 0x400) }
    public static var compressed: Self { Self(rawValue: 0x800) }
}

/// p_type.
public struct ElfSegmentType: RawRepresentable, Sendable, Equatable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static var null: Self { Self(rawValue: 0) }
    public static var load: Self { Self(rawValue: 1) }
    public static var dynamic: Self { Self(rawValue: 2) }
    public static var interp: Self { Self(rawValue: 3) }
    public static var note: Self { Self(rawValue: 4) }
    public static var phdr: Self { Self(rawValue: 6) }
    public static var tls: Self { Self(rawValue: 7) }
    public static var gnuStack: Self { Self(rawValue: 0x6474_e551) }
    public static var gnuEHFrame: Self { Self(rawValue: 0x6474_e550) }
    public static var gnuRelro: Self { Self(rawValue: 0x6474_e552) }
    public static var gnuProperty: Self { Self(rawValue: 0x6474_e553) }
}

/// p_flags bits.
public struct ElfSegmentFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static var execute: Self { Self(rawValue: 1) }
    public static var write: Self { Self(rawValue: 2) }
    public static var read: Self { Self(rawValue: 4) }
}

/// The high nibble of st_info.
public struct ElfSymbolBinding: RawRepresentable, Sendable, Equatable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static var local: Self { Self(rawValue: 0) }
    public static var global: Self { Self(rawValue: 1) }
    public static var weak: Self { Self(rawValue: 2) }
}

/// The low nibble of st_info.
public struct ElfSymbolType: RawRepresentable, Sendable, Equatable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static var notype: Self { Self(rawValue: 0) }
    public static var object: Self { Self(rawValue: 1) }
    public static var function: Self { Self(rawValue: 2) }
    public static var section: Self { Self(rawValue: 3) }
    public static var file: Self { Self(rawValue: 4) }
    public static var common: Self { Self(rawValue: 5) }
    public static var tls: Self { Self(rawValue: 6) }
    public static var gnuIfunc: Self { Self(rawValue: 10) }
}

/// The low two bits of st_other.
public struct ElfSymbolVisibility: RawRepresentable, Sendable, Equatable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static var `default`: Self { Self(rawValue: 0) }
    public static var `internal`: Self { Self(rawValue: 1) }
    public static var hidden: Self { Self(rawValue: 2) }
    public static var protected: Self { Self(rawValue: 3) }
}

/// Special section indices (st_shndx, e_shstrndx).
public enum ElfSectionIndex {
    public static var undefined: UInt16 { 0 }
    public static var loReserve: UInt16 { 0xff00 }
    public static var absolute: UInt16 { 0xfff1 }
    public static var common: UInt16 { 0xfff2 }
    /// The real index is elsewhere (section 0's sh_link for e_shstrndx,
    /// an SHT_SYMTAB_SHNDX table for symbols).
    public static var xindex: UInt16 { 0xffff }
}
