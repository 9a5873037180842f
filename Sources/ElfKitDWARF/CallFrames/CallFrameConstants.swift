// The call frame constants, by the names of DWARF 5 §7.24 (Table 7.29,
// call frame instruction encodings) and of the LSB's .eh_frame pointer
// encodings (DW_EH_PE_*, Linux Standard Base Core §10.5).

enum DWCFA {
    // The three opcodes that carry an operand in their low six bits.
    static let advanceLoc: UInt8 = 0x40
    static let offset: UInt8 = 0x80
    static let restore: UInt8 = 0xc0

    static let nop: UInt8 = 0x00
    static let setLoc: UInt8 = 0x01
    static let advanceLoc1: UInt8 = 0x02
    static let advanceLoc2: UInt8 = 0x03
    static let advanceLoc4: UInt8 = 0x04
    static let offsetExtended: UInt8 = 0x05
    static let restoreExtended: UInt8 = 0x06
    static let undefined: UInt8 = 0x07
    static let sameValue: UInt8 = 0x08
    static let register: UInt8 = 0x09
    static let rememberState: UInt8 = 0x0a
    static let restoreState: UInt8 = 0x0b
    static let defCFA: UInt8 = 0x0c
    static let defCFARegister: UInt8 = 0x0d
    static let defCFAOffset: UInt8 = 0x0e
    static let defCFAExpression: UInt8 = 0x0f
    static let expression: UInt8 = 0x10
    static let offsetExtendedSf: UInt8 = 0x11
    static let defCFASf: UInt8 = 0x12
    static let defCFAOffsetSf: UInt8 = 0x13
    static let valOffset: UInt8 = 0x14
    static let valOffsetSf: UInt8 = 0x15
    static let valExpression: UInt8 = 0x16
    // GNU extensions (binutils' dwarf2.def).
    static let gnuWindowSave: UInt8 = 0x2d
    static let gnuArgsSize: UInt8 = 0x2e
    static let gnuNegativeOffsetExtended: UInt8 = 0x2f
}

/// DW_EH_PE_*: how .eh_frame encodes a pointer. The low nibble is the
/// format, bits 4-6 what it is relative to, bit 7 an indirection.
enum DWEHPE {
    static let absptr: UInt8 = 0x00
    static let uleb128: UInt8 = 0x01
    static let udata2: UInt8 = 0x02
    static let udata4: UInt8 = 0x03
    static let udata8: UInt8 = 0x04
    static let sleb128: UInt8 = 0x09
    static let sdata2: UInt8 = 0x0a
    static let sdata4: UInt8 = 0x0b
    static let sdata8: UInt8 = 0x0c

    static let pcrel: UInt8 = 0x10
    static let textrel: UInt8 = 0x20
    static let datarel: UInt8 = 0x30
    static let funcrel: UInt8 = 0x40
    static let aligned: UInt8 = 0x50
    static let indirect: UInt8 = 0x80
    static let omit: UInt8 = 0xff
}
