// Names of relocation types, as readelf and llvm-readelf print them.
//
// The numbers come from each architecture's psABI: the System V x86-64
// psABI ("Relocation Types"), the i386 psABI, the RISC-V ELF psABI and
// (in ElfRelocationNamesAArch64.swift) the ELF for the Arm 64-bit
// Architecture. Unknown types have no name; tools print the number.
// Names are string literals, so returning one allocates nothing.

extension ElfMachine {
    /// The name of relocation type  on this machine (R_X86_64_64, ...), or nil.
    public func relocationTypeName(_ type: UInt32) -> String? {
        switch self {
        case .x86_64: return ElfRelocationNames.x86_64(type)
        case .i386: return ElfRelocationNames.i386(type)
        case .aarch64: return ElfRelocationNames.aarch64(type)
        case .riscv: return ElfRelocationNames.riscv(type)
        default: return nil
        }
    }
}

enum ElfRelocationNames {
    static func x86_64(_ type: UInt32) -> String? {
        switch type {
        case 0: return "R_X86_64_NONE"
        case 1: return "R_X86_64_64"
        case 2: return "R_X86_64_PC32"
        case 3: return "R_X86_64_GOT32"
        case 4: return "R_X86_64_PLT32"
        case 5: return "R_X86_64_COPY"
        case 6: return "R_X86_64_GLOB_DAT"
        case 7: return "R_X86_64_JUMP_SLOT"
        case 8: return "R_X86_64_RELATIVE"
        case 9: return "R_X86_64_GOTPCREL"
        case 10: return "R_X86_64_32"
        case 11: return "R_X86_64_32S"
        case 12: return "R_X86_64_16"
        case 13: return "R_X86_64_PC16"
        case 14: return "R_X86_64_8"
        case 15: return "R_X86_64_PC8"
        case 16: return "R_X86_64_DTPMOD64"
        case 17: return "R_X86_64_DTPOFF64"
        case 18: return "R_X86_64_TPOFF64"
        case 19: return "R_X86_64_TLSGD"
        case 20: return "R_X86_64_TLSLD"
        case 21: return "R_X86_64_DTPOFF32"
        case 22: return "R_X86_64_GOTTPOFF"
        case 23: return "R_X86_64_TPOFF32"
        case 24: return "R_X86_64_PC64"
        case 25: return "R_X86_64_GOTOFF64"
        case 26: return "R_X86_64_GOTPC32"
        case 27: return "R_X86_64_GOT64"
        case 28: return "R_X86_64_GOTPCREL64"
        case 29: return "R_X86_64_GOTPC64"
        case 30: return "R_X86_64_GOTPLT64"
        case 31: return "R_X86_64_PLTOFF64"
        case 32: return "R_X86_64_SIZE32"
        case 33: return "R_X86_64_SIZE64"
        case 34: return "R_X86_64_GOTPC32_TLSDESC"
        case 35: return "R_X86_64_TLSDESC_CALL"
        case 36: return "R_X86_64_TLSDESC"
        case 37: return "R_X86_64_IRELATIVE"
        case 41: return "R_X86_64_GOTPCRELX"
        case 42: return "R_X86_64_REX_GOTPCRELX"
        default: return nil
        }
    }

    static func i386(_ type: UInt32) -> String? {
        switch type {
        case 0: return "R_386_NONE"
        case 1: return "R_386_32"
        case 2: return "R_386_PC32"
        case 3: return "R_386_GOT32"
        case 4: return "R_386_PLT32"
        case 5: return "R_386_COPY"
        case 6: return "R_386_GLOB_DAT"
        case 7: return "R_386_JUMP_SLOT"
        case 8: return "R_386_RELATIVE"
        case 9: return "R_386_GOTOFF"
        case 10: return "R_386_GOTPC"
        case 11: return "R_386_32PLT"
        case 14: return "R_386_TLS_TPOFF"
        case 15: return "R_386_TLS_IE"
        case 16: return "R_386_TLS_GOTIE"
        case 17: return "R_386_TLS_LE"
        case 18: return "R_386_TLS_GD"
        case 19: return "R_386_TLS_LDM"
        case 20: return "R_386_16"
        case 21: return "R_386_PC16"
        case 22: return "R_386_8"
        case 23: return "R_386_PC8"
        case 24: return "R_386_TLS_GD_32"
        case 25: return "R_386_TLS_GD_PUSH"
        case 26: return "R_386_TLS_GD_CALL"
        case 27: return "R_386_TLS_GD_POP"
        case 28: return "R_386_TLS_LDM_32"
        case 29: return "R_386_TLS_LDM_PUSH"
        case 30: return "R_386_TLS_LDM_CALL"
        case 31: return "R_386_TLS_LDM_POP"
        case 32: return "R_386_TLS_LDO_32"
        case 33: return "R_386_TLS_IE_32"
        case 34: return "R_386_TLS_LE_32"
        case 35: return "R_386_TLS_DTPMOD32"
        case 36: return "R_386_TLS_DTPOFF32"
        case 37: return "R_386_TLS_TPOFF32"
        case 39: return "R_386_TLS_GOTDESC"
        case 40: return "R_386_TLS_DESC_CALL"
        case 41: return "R_386_TLS_DESC"
        case 42: return "R_386_IRELATIVE"
        case 43: return "R_386_GOT32X"
        default: return nil
        }
    }

    static func riscv(_ type: UInt32) -> String? {
        switch type {
        case 0: return "R_RISCV_NONE"
        case 1: return "R_RISCV_32"
        case 2: return "R_RISCV_64"
        case 3: return "R_RISCV_RELATIVE"
        case 4: return "R_RISCV_COPY"
        case 5: return "R_RISCV_JUMP_SLOT"
        case 6: return "R_RISCV_TLS_DTPMOD32"
        case 7: return "R_RISCV_TLS_DTPMOD64"
        case 8: return "R_RISCV_TLS_DTPREL32"
        case 9: return "R_RISCV_TLS_DTPREL64"
        case 10: return "R_RISCV_TLS_TPREL32"
        case 11: return "R_RISCV_TLS_TPREL64"
        case 16: return "R_RISCV_BRANCH"
        case 17: return "R_RISCV_JAL"
        case 18: return "R_RISCV_CALL"
        case 19: return "R_RISCV_CALL_PLT"
        case 20: return "R_RISCV_GOT_HI20"
        case 21: return "R_RISCV_TLS_GOT_HI20"
        case 22: return "R_RISCV_TLS_GD_HI20"
        case 23: return "R_RISCV_PCREL_HI20"
        case 24: return "R_RISCV_PCREL_LO12_I"
        case 25: return "R_RISCV_PCREL_LO12_S"
        case 26: return "R_RISCV_HI20"
        case 27: return "R_RISCV_LO12_I"
        case 28: return "R_RISCV_LO12_S"
        case 29: return "R_RISCV_TPREL_HI20"
        case 30: return "R_RISCV_TPREL_LO12_I"
        case 31: return "R_RISCV_TPREL_LO12_S"
        case 32: return "R_RISCV_TPREL_ADD"
        case 33: return "R_RISCV_ADD8"
        case 34: return "R_RISCV_ADD16"
        case 35: return "R_RISCV_ADD32"
        case 36: return "R_RISCV_ADD64"
        case 37: return "R_RISCV_SUB8"
        case 38: return "R_RISCV_SUB16"
        case 39: return "R_RISCV_SUB32"
        case 40: return "R_RISCV_SUB64"
        case 41: return "R_RISCV_GNU_VTINHERIT"
        case 42: return "R_RISCV_GNU_VTENTRY"
        case 43: return "R_RISCV_ALIGN"
        case 44: return "R_RISCV_RVC_BRANCH"
        case 45: return "R_RISCV_RVC_JUMP"
        case 46: return "R_RISCV_RVC_LUI"
        case 51: return "R_RISCV_RELAX"
        case 52: return "R_RISCV_SUB6"
        case 53: return "R_RISCV_SET6"
        case 54: return "R_RISCV_SET8"
        case 55: return "R_RISCV_SET16"
        case 56: return "R_RISCV_SET32"
        case 57: return "R_RISCV_32_PCREL"
        case 58: return "R_RISCV_IRELATIVE"
        default: return nil
        }
    }
}
