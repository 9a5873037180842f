// Names and value kinds of dynamic tags, spelled as readelf -d prints them
// (the gABI constant is "DT_" + name), and the DT_FLAGS / DT_FLAGS_1 bits.
//
// gABI "Dynamic Section" for 0-37, the GNU extensions (DT_GNU_HASH,
// DT_VERSYM, DT_VERDEF/DT_VERNEED, DT_FLAGS_1, ...) from the LSB and
// binutils' include/elf/common.h.

/// How readelf presents a tag's value.
public enum ElfDynamicValueKind: Sendable, Equatable {
    /// An offset into the dynamic string table.
    case string
    /// A byte count ("24 (bytes)").
    case size
    /// A plain decimal count (DT_VERNEEDNUM, DT_RELACOUNT, ...).
    case count
    /// DT_FLAGS bits.
    case flags
    /// DT_FLAGS_1 bits.
    case flags1
    /// DT_PLTREL: DT_REL (17) or DT_RELA (7).
    case relocationType
    /// An address or anything else, printed in hex.
    case address
}

extension ElfDynamicTag {
    /// readelf's name for the tag ("NEEDED", "GNU_HASH", ...), or nil if unknown.
    public var name: String? {
        switch rawValue {
        case 0: return "NULL"
        case 1: return "NEEDED"
        case 2: return "PLTRELSZ"
        case 3: return "PLTGOT"
        case 4: return "HASH"
        case 5: return "STRTAB"
        case 6: return "SYMTAB"
        case 7: return "RELA"
        case 8: return "RELASZ"
        case 9: return "RELAENT"
        case 10: return "STRSZ"
        case 11: return "SYMENT"
        case 12: return "INIT"
        case 13: return "FINI"
        case 14: return "SONAME"
        case 15: return "RPATH"
        case 16: return "SYMBOLIC"
        case 17: return "REL"
        case 18: return "RELSZ"
        case 19: return "RELENT"
        case 20: return "PLTREL"
        case 21: return "DEBUG"
        case 22: return "TEXTREL"
        case 23: return "JMPREL"
        case 24: return "BIND_NOW"
        case 25: return "INIT_ARRAY"
        case 26: return "FINI_ARRAY"
        case 27: return "INIT_ARRAYSZ"
        case 28: return "FINI_ARRAYSZ"
        case 29: return "RUNPATH"
        case 30: return "FLAGS"
        case 32: return "PREINIT_ARRAY"
        case 33: return "PREINIT_ARRAYSZ"
        case 34: return "SYMTAB_SHNDX"
        case 35: return "RELRSZ"
        case 36: return "RELR"
        case 37: return "RELRENT"
        case 0x6fff_fdf5: return "GNU_PRELINKED"
        case 0x6fff_fdf6: return "GNU_CONFLICTSZ"
        case 0x6fff_fdf7: return "GNU_LIBLISTSZ"
        case 0x6fff_fdf8: return "CHECKSUM"
        case 0x6fff_fdf9: return "PLTPADSZ"
        case 0x6fff_fdfa: return "MOVEENT"
        case 0x6fff_fdfb: return "MOVESZ"
        case 0x6fff_fdfc: return "FEATURE"
        case 0x6fff_fdfd: return "POSFLAG_1"
        case 0x6fff_fdfe: return "SYMINSZ"
        case 0x6fff_fdff: return "SYMINENT"
        case 0x6fff_fef5: return "GNU_HASH"
        case 0x6fff_fef6: return "TLSDESC_PLT"
        case 0x6fff_fef7: return "TLSDESC_GOT"
        case 0x6fff_fef8: return "GNU_CONFLICT"
        case 0x6fff_fef9: return "GNU_LIBLIST"
        case 0x6fff_fefa: return "CONFIG"
        case 0x6fff_fefb: return "DEPAUDIT"
        case 0x6fff_fefc: return "AUDIT"
        case 0x6fff_fefd: return "PLTPAD"
        case 0x6fff_fefe: return "MOVETAB"
        case 0x6fff_feff: return "SYMINFO"
        case 0x6fff_fff0: return "VERSYM"
        case 0x6fff_fff9: return "RELACOUNT"
        case 0x6fff_fffa: return "RELCOUNT"
        case 0x6fff_fffb: return "FLAGS_1"
        case 0x6fff_fffc: return "VERDEF"
        case 0x6fff_fffd: return "VERDEFNUM"
        case 0x6fff_fffe: return "VERNEED"
        case 0x6fff_ffff: return "VERNEEDNUM"
        case 0x7fff_fffd: return "AUXILIARY"
        case 0x7fff_fffe: return "USED"
        case 0x7fff_ffff: return "FILTER"
        default: return nil
        }
    }

    /// Whether the value is an offset into the dynamic string table.
    public var isString: Bool { valueKind == .string }

    /// How the value is meant to be read.
    public var valueKind: ElfDynamicValueKind {
        switch rawValue {
        case 1, 14, 15, 29, 0x6fff_fefa, 0x6fff_fefb, 0x6fff_fefc, 0x7fff_fffd, 0x7fff_fffe, 0x7fff_ffff:
            return .string
        case 2, 8, 9, 10, 11, 18, 19, 27, 28, 33, 35, 37,
             0x6fff_fdf6, 0x6fff_fdf7, 0x6fff_fdf9, 0x6fff_fdfa, 0x6fff_fdfb, 0x6fff_fdfe, 0x6fff_fdff:
            return .size
        case 0x6fff_fff9, 0x6fff_fffa, 0x6fff_fffd, 0x6fff_ffff:
            return .count
        case 30: return .flags
        case 0x6fff_fffb: return .flags1
        case 20: return .relocationType
        default: return .address
        }
    }
}

/// Names of DT_FLAGS and DT_FLAGS_1 bits as readelf prints them.
public enum ElfDynamicFlagNames {
    /// The name of bit `bit` (0-31) of DT_FLAGS (gABI), or nil.
    public static func flag(bit: Int) -> String? {
        switch bit {
        case 0: return "ORIGIN"
        case 1: return "SYMBOLIC"
        case 2: return "TEXTREL"
        case 3: return "BIND_NOW"
        case 4: return "STATIC_TLS"
        default: return nil
        }
    }

    /// The name of bit `bit` (0-31) of DT_FLAGS_1 (Solaris/GNU DF_1_*), or nil.
    public static func flag1(bit: Int) -> String? {
        switch bit {
        case 0: return "NOW"
        case 1: return "GLOBAL"
        case 2: return "GROUP"
        case 3: return "NODELETE"
        case 4: return "LOADFLTR"
        case 5: return "INITFIRST"
        case 6: return "NOOPEN"
        case 7: return "ORIGIN"
        case 8: return "DIRECT"
        case 9: return "TRANS"
        case 10: return "INTERPOSE"
        case 11: return "NODEFLIB"
        case 12: return "NODUMP"
        case 13: return "CONFALT"
        case 14: return "ENDFILTEE"
        case 15: return "DISPRELDNE"
        case 16: return "DISPRELPND"
        case 17: return "NODIRECT"
        case 18: return "IGNMULDEF"
        case 19: return "NOKSYMS"
        case 20: return "NOHDR"
        case 21: return "EDITED"
        case 22: return "NORELOC"
        case 23: return "SYMINTPOSE"
        case 24: return "GLOBAUDIT"
        case 25: return "SINGLETON"
        case 26: return "STUB"
        case 27: return "PIE"
        case 28: return "KMOD"
        case 29: return "WEAKFILTER"
        case 30: return "NOCOMMON"
        default: return nil
        }
    }
}
