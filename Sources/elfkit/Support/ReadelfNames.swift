// The names GNU readelf (binutils 2.40) prints for ELF field values, so
// that elfkit's tables can be diffed against `readelf -W`. Values readelf
// does not name are formatted the way readelf formats them ("LOOS+0x…",
// "<unknown>: …").

import ElfKit

enum ReadelfNames {
    // MARK: File header

    static func osABI(_ v: UInt8, machine: UInt16) -> String {
        switch v {
        case 0: return "UNIX - System V"
        case 1: return "UNIX - HP-UX"
        case 2: return "UNIX - NetBSD"
        case 3: return "UNIX - GNU"
        case 6: return "UNIX - Solaris"
        case 7: return "UNIX - AIX"
        case 8: return "UNIX - IRIX"
        case 9: return "UNIX - FreeBSD"
        case 10: return "UNIX - TRU64"
        case 11: return "Novell - Modesto"
        case 12: return "UNIX - OpenBSD"
        case 13: return "VMS - OpenVMS"
        case 14: return "HP - Non-Stop Kernel"
        case 15: return "AROS"
        case 16: return "FenixOS"
        case 17: return "Nuxi CloudABI"
        case 18: return "Stratus Technologies OpenVOS"
        default:
            if v >= 64 {
                switch (machine, v) {
                case (40, 97): return "ARM"
                case (40, 65): return "ARM FDPIC"
                default: break
                }
            }
            return "<unknown: " + hex(UInt64(v)) + ">"
        }
    }

    static func fileType(_ t: UInt16, isPIE: Bool) -> String {
        switch t {
        case 0: return "NONE (None)"
        case 1: return "REL (Relocatable file)"
        case 2: return "EXEC (Executable file)"
        case 3: return isPIE ? "DYN (Position-Independent Executable file)" : "DYN (Shared object file)"
        case 4: return "CORE (Core file)"
        default:
            if t >= 0xff00 { return "Processor Specific: (" + hex(UInt64(t)) + ")" }
            if t >= 0xfe00 { return "OS Specific: (" + hex(UInt64(t)) + ")" }
            return "<unknown>: " + hex(UInt64(t))
        }
    }

    /// The short form used in JSON ("DYN", "EXEC", ...).
    static func fileTypeShort(_ t: UInt16) -> String {
        switch t {
        case 0: return "NONE"
        case 1: return "REL"
        case 2: return "EXEC"
        case 3: return "DYN"
        case 4: return "CORE"
        default: return "0x" + hex(UInt64(t))
        }
    }

    static func machine(_ m: UInt16) -> String {
        switch m {
        case 0: return "None"
        case 1: return "WE32100"
        case 2: return "Sparc"
        case 3: return "Intel 80386"
        case 4: return "MC68000"
        case 5: return "MC88000"
        case 7: return "Intel 80860"
        case 8: return "MIPS R3000"
        case 10: return "MIPS R4000 big-endian"
        case 15: return "HPPA"
        case 18: return "Sparc v8+"
        case 19: return "Intel 80960"
        case 20: return "PowerPC"
        case 21: return "PowerPC64"
        case 22: return "IBM S/390"
        case 40: return "ARM"
        case 42: return "Renesas / SuperH SH"
        case 43: return "Sparc v9"
        case 50: return "Intel IA-64"
        case 62: return "Advanced Micro Devices X86-64"
        case 183: return "AArch64"
        case 243: return "RISC-V"
        case 247: return "Linux BPF"
        case 258: return "LoongArch"
        case 0x9026: return "Alpha"
        default: return "<unknown>: 0x" + hex(UInt64(m))
        }
    }

    /// The text readelf appends to e_flags ("" when it knows nothing to add).
    static func machineFlags(_ flags: UInt32, machine: UInt16) -> String {
        switch machine {
        case 21:  // EM_PPC64: EF_PPC64_ABI in the low two bits.
            let abi = flags & 3
            return abi == 0 ? "" : ", abiv" + String(abi)
        default:
            return ""
        }
    }

    // MARK: Sections

    static func sectionType(_ t: UInt32, machine: UInt16) -> String {
        switch t {
        case 0: return "NULL"
        case 1: return "PROGBITS"
        case 2: return "SYMTAB"
        case 3: return "STRTAB"
        case 4: return "RELA"
        case 5: return "HASH"
        case 6: return "DYNAMIC"
        case 7: return "NOTE"
        case 8: return "NOBITS"
        case 9: return "REL"
        case 10: return "SHLIB"
        case 11: return "DYNSYM"
        case 14: return "INIT_ARRAY"
        case 15: return "FINI_ARRAY"
        case 16: return "PREINIT_ARRAY"
        case 17: return "GROUP"
        case 18: return "SYMTAB SECTION INDICES"
        case 19: return "RELR"
        case 0x6fff_fff5: return "GNU_ATTRIBUTES"
        case 0x6fff_fff6: return "GNU_HASH"
        case 0x6fff_fff7: return "GNU_LIBLIST"
        case 0x6fff_fffd, 0x6fff_fffc: return "VERDEF"
        case 0x6fff_fffe: return "VERNEED"
        case 0x6fff_ffff, 0x6fff_fff0: return "VERSYM"
        case 0x7fff_fffd: return "AUXILIARY"
        case 0x7fff_ffff: return "FILTER"
        default:
            if t >= 0x7000_0000 && t <= 0x7fff_ffff {
                switch (machine, t) {
                case (62, 0x7000_0001): return "X86_64_UNWIND"
                case (40, 0x7000_0001): return "ARM_EXIDX"
                case (40, 0x7000_0002): return "ARM_PREEMPTMAP"
                case (40, 0x7000_0003): return "ARM_ATTRIBUTES"
                case (183, 0x7000_0003): return "AARCH64_ATTRIBUTES"
                case (243, 0x7000_0003): return "RISCV_ATTRIBUTES"
                default: return "LOPROC+0x" + hex(UInt64(t - 0x7000_0000))
                }
            }
            if t >= 0x6000_0000 && t <= 0x6fff_ffff { return "LOOS+" + alternate(UInt64(t - 0x6000_0000)) }
            if t >= 0x8000_0000 { return "LOUSER+" + alternate(UInt64(t - 0x8000_0000)) }
            return "<unknown>: " + hex(UInt64(t))
        }
    }

    /// readelf's one-letter section flags (W A X M S I L O G T C x o E ...), lowest bit first.
    static func sectionFlagLetters(_ flags: UInt64, machine: UInt16, osABI: UInt8) -> String {
        var letters = ""
        var remaining = flags
        while remaining != 0 {
            let flag = remaining & (~remaining &+ 1)
            remaining &= ~flag
            switch flag {
            case 0x1: letters += "W"
            case 0x2: letters += "A"
            case 0x4: letters += "X"
            case 0x10: letters += "M"
            case 0x20: letters += "S"
            case 0x40: letters += "I"
            case 0x80: letters += "L"
            case 0x100: letters += "O"
            case 0x200: letters += "G"
            case 0x400: letters += "T"
            case 0x800: letters += "C"
            case 0x8000_0000: letters += "E"
            default:
                if machine == 62 && flag == 0x1000_0000 {
                    letters += "l"
                } else if flag & 0x0ff0_0000 != 0 {
                    // SHF_MASKOS; GNU and FreeBSD know RETAIN, NONE/GNU/FreeBSD know MBIND.
                    let gnuLike = osABI == 3 || osABI == 9
                    if gnuLike && flag == 0x20_0000 {
                        letters += "R"
                    } else if (gnuLike || osABI == 0) && flag == 0x100_0000 {
                        letters += "D"
                    } else {
                        letters += "o"
                        remaining &= ~0x0ff0_0000
                    }
                } else if flag & 0xf000_0000 != 0 {
                    letters += "p"
                    remaining &= ~0xf000_0000
                } else {
                    letters += "x"
                }
            }
        }
        return letters
    }

    /// The legend readelf prints under the section table.
    static func flagKey(machine: UInt16, osABI: UInt8) -> String {
        var key = "Key to Flags:\n"
            + "  W (write), A (alloc), X (execute), M (merge), S (strings), I (info),\n"
            + "  L (link order), O (extra OS processing required), G (group), T (TLS),\n"
            + "  C (compressed), x (unknown), o (OS specific), E (exclude),\n"
            + "  "
        if osABI == 3 || osABI == 9 { key += "R (retain), " }
        if osABI == 0 || osABI == 3 || osABI == 9 { key += "D (mbind), " }
        if machine == 62 { key += "l (large), " }
        if machine == 40 { key += "y (purecode), " }
        if machine == 20 { key += "v (VLE), " }
        key += "p (processor specific)\n"
        return key
    }

    // MARK: Segments

    static func segmentType(_ t: UInt32, machine: UInt16) -> String {
        switch t {
        case 0: return "NULL"
        case 1: return "LOAD"
        case 2: return "DYNAMIC"
        case 3: return "INTERP"
        case 4: return "NOTE"
        case 5: return "SHLIB"
        case 6: return "PHDR"
        case 7: return "TLS"
        case 0x6474_e550: return "GNU_EH_FRAME"
        case 0x6474_e551: return "GNU_STACK"
        case 0x6474_e552: return "GNU_RELRO"
        case 0x6474_e553: return "GNU_PROPERTY"
        case 0x6474_e554: return "GNU_SFRAME"
        case 0x65a3_dbe6: return "OPENBSD_RANDOMIZE"
        case 0x65a3_dbe7: return "OPENBSD_WXNEEDED"
        case 0x65a4_1be6: return "OPENBSD_BOOTDATA"
        default:
            if t >= 0x6474_e555 && t < 0x6474_e555 + 4096 {
                return "GNU_MBIND+" + alternate(UInt64(t - 0x6474_e555))
            }
            if t >= 0x7000_0000 && t <= 0x7fff_ffff {
                switch (machine, t) {
                case (40, 0x7000_0001): return "EXIDX"
                case (183, 0x7000_0002): return "AARCH64_MEMTAG_MTE"
                case (243, 0x7000_0003): return "RISCV_ATTRIBUTES"
                default: return "LOPROC+" + alternate(UInt64(t - 0x7000_0000))
                }
            }
            if t >= 0x6000_0000 && t <= 0x6fff_ffff { return "LOOS+" + alternate(UInt64(t - 0x6000_0000)) }
            return "<unknown>: " + hex(UInt64(t))
        }
    }

    // MARK: Helpers

    static func hex(_ v: UInt64) -> String { String(v, radix: 16) }

    /// C's %#x: "0" for zero, "0x…" otherwise.
    static func alternate(_ v: UInt64) -> String { v == 0 ? "0" : "0x" + String(v, radix: 16) }
}
