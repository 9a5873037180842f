// The DWARF constants the symbolizer reads, by the names and values of the
// DWARF 5 specification (§7.5 for tags, attributes and forms, §7.22 for the
// line number program, §7.25 for range lists). Only what is decoded is here.

enum DW {
    // §7.5.1 Unit types (Table 7.2).
    static let utCompile: UInt8 = 0x01
    static let utType: UInt8 = 0x02
    static let utPartial: UInt8 = 0x03
    static let utSkeleton: UInt8 = 0x04
    static let utSplitCompile: UInt8 = 0x05
    static let utSplitType: UInt8 = 0x06

    // §7.5.3 Tags (Table 7.3).
    static let tagInlinedSubroutine: UInt64 = 0x1d
    static let tagSubprogram: UInt64 = 0x2e

    // §7.5.4 Attributes (Table 7.5).
    static let atSibling: UInt64 = 0x01
    static let atName: UInt64 = 0x03
    static let atStmtList: UInt64 = 0x10
    static let atLowPC: UInt64 = 0x11
    static let atHighPC: UInt64 = 0x12
    static let atCompDir: UInt64 = 0x1b
    static let atAbstractOrigin: UInt64 = 0x31
    static let atDeclFile: UInt64 = 0x3a
    static let atDeclLine: UInt64 = 0x3b
    static let atSpecification: UInt64 = 0x47
    static let atEntryPC: UInt64 = 0x52
    static let atRanges: UInt64 = 0x55
    static let atCallColumn: UInt64 = 0x57
    static let atCallFile: UInt64 = 0x58
    static let atCallLine: UInt64 = 0x59
    static let atSignature: UInt64 = 0x69
    static let atLinkageName: UInt64 = 0x6e
    static let atStrOffsetsBase: UInt64 = 0x72
    static let atAddrBase: UInt64 = 0x73
    static let atRnglistsBase: UInt64 = 0x74
    static let atMIPSLinkageName: UInt64 = 0x2007
    static let atGNURangesBase: UInt64 = 0x2132
    static let atGNUAddrBase: UInt64 = 0x2133
    static let atGNUDiscriminator: UInt64 = 0x2136

    // §7.5.6 Attribute forms (Table 7.6), plus the GNU extensions in use.
    static let formAddr: UInt16 = 0x01
    static let formBlock2: UInt16 = 0x03
    static let formBlock4: UInt16 = 0x04
    static let formData2: UInt16 = 0x05
    static let formData4: UInt16 = 0x06
    static let formData8: UInt16 = 0x07
    static let formString: UInt16 = 0x08
    static let formBlock: UInt16 = 0x09
    static let formBlock1: UInt16 = 0x0a
    static let formData1: UInt16 = 0x0b
    static let formFlag: UInt16 = 0x0c
    static let formSdata: UInt16 = 0x0d
    static let formStrp: UInt16 = 0x0e
    static let formUdata: UInt16 = 0x0f
    static let formRefAddr: UInt16 = 0x10
    static let formRef1: UInt16 = 0x11
    static let formRef2: UInt16 = 0x12
    static let formRef4: UInt16 = 0x13
    static let formRef8: UInt16 = 0x14
    static let formRefUdata: UInt16 = 0x15
    static let formIndirect: UInt16 = 0x16
    static let formSecOffset: UInt16 = 0x17
    static let formExprloc: UInt16 = 0x18
    static let formFlagPresent: UInt16 = 0x19
    static let formStrx: UInt16 = 0x1a
    static let formAddrx: UInt16 = 0x1b
    static let formRefSup4: UInt16 = 0x1c
    static let formStrpSup: UInt16 = 0x1d
    static let formData16: UInt16 = 0x1e
    static let formLineStrp: UInt16 = 0x1f
    static let formRefSig8: UInt16 = 0x20
    static let formImplicitConst: UInt16 = 0x21
    static let formLoclistx: UInt16 = 0x22
    static let formRnglistx: UInt16 = 0x23
    static let formRefSup8: UInt16 = 0x24
    static let formStrx1: UInt16 = 0x25
    static let formStrx2: UInt16 = 0x26
    static let formStrx3: UInt16 = 0x27
    static let formStrx4: UInt16 = 0x28
    static let formAddrx1: UInt16 = 0x29
    static let formAddrx2: UInt16 = 0x2a
    static let formAddrx3: UInt16 = 0x2b
    static let formAddrx4: UInt16 = 0x2c
    static let formGNUAddrIndex: UInt16 = 0x1f01
    static let formGNUStrIndex: UInt16 = 0x1f02
    static let formGNURefAlt: UInt16 = 0x1f20
    static let formGNUStrpAlt: UInt16 = 0x1f21

    // §7.22 Line number program (Tables 7.25-7.27).
    static let lnsCopy: UInt8 = 0x01
    static let lnsAdvancePC: UInt8 = 0x02
    static let lnsAdvanceLine: UInt8 = 0x03
    static let lnsSetFile: UInt8 = 0x04
    static let lnsSetColumn: UInt8 = 0x05
    static let lnsNegateStmt: UInt8 = 0x06
    static let lnsSetBasicBlock: UInt8 = 0x07
    static let lnsConstAddPC: UInt8 = 0x08
    static let lnsFixedAdvancePC: UInt8 = 0x09
    static let lnsSetPrologueEnd: UInt8 = 0x0a
    static let lnsSetEpilogueBegin: UInt8 = 0x0b
    static let lnsSetISA: UInt8 = 0x0c
    static let lneEndSequence: UInt8 = 0x01
    static let lneSetAddress: UInt8 = 0x02
    static let lneDefineFile: UInt8 = 0x03
    static let lneSetDiscriminator: UInt8 = 0x04
    // §6.2.4.1 Line number header entry formats (Table 7.27).
    static let lnctPath: UInt64 = 0x1
    static let lnctDirectoryIndex: UInt64 = 0x2
    static let lnctTimestamp: UInt64 = 0x3
    static let lnctSize: UInt64 = 0x4
    static let lnctMD5: UInt64 = 0x5

    // §7.25 Range list entries (Table 7.30).
    static let rleEndOfList: UInt8 = 0x00
    static let rleBaseAddressx: UInt8 = 0x01
    static let rleStartxEndx: UInt8 = 0x02
    static let rleStartxLength: UInt8 = 0x03
    static let rleOffsetPair: UInt8 = 0x04
    static let rleBaseAddress: UInt8 = 0x05
    static let rleStartEnd: UInt8 = 0x06
    static let rleStartLength: UInt8 = 0x07
}
