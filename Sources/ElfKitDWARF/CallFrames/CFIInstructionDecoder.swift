// Decodes a CIE's or FDE's instruction bytes one at a time (DWARF 5
// §6.4.2, encodings in §7.24), in place.

public struct CFIInstructionDecoder {
    private var cursor: DWARFCursor
    private let section: CallFrameSection
    private let cie: CommonInformationEntry
    /// The offset of the instruction last returned (for error messages).
    public private(set) var instructionOffset: Int

    init(section: CallFrameSection, range: Range<Int>, cie: CommonInformationEntry) {
        cursor = DWARFCursor(section.bytes, offset: range.lowerBound, end: range.upperBound, bigEndian: section.bigEndian)
        self.section = section
        self.cie = cie
        instructionOffset = range.lowerBound
    }

    /// The next instruction, or nil at the end.
    public mutating func next() throws(CallFrameError) -> CFIInstruction? {
        guard !cursor.isAtEnd else { return nil }
        instructionOffset = cursor.offset
        let opcode = cursor.u8()
        let low = opcode & 0x3f
        let instruction: CFIInstruction
        switch opcode & 0xc0 {
        case DWCFA.advanceLoc: instruction = .advanceLoc(delta: UInt64(low))
        case DWCFA.offset: instruction = .offset(register: UInt16(low), factoredOffset: Int64(bitPattern: cursor.uleb()))
        case DWCFA.restore: instruction = .restore(register: UInt16(low))
        default: instruction = try extended(opcode)
        }
        guard !cursor.failed else { throw .truncated(section: section.name, offset: instructionOffset) }
        return instruction
    }

    private mutating func register() -> UInt16 { UInt16(truncatingIfNeeded: cursor.uleb()) }

    private mutating func block() -> Range<Int> {
        let length = cursor.uleb()
        let start = cursor.offset
        cursor.skip(length)
        return start..<cursor.offset
    }

    private mutating func extended(_ opcode: UInt8) throws(CallFrameError) -> CFIInstruction {
        switch opcode {
        case DWCFA.nop: return .nop
        case DWCFA.setLoc:
            if section.kind == .ehFrame {
                return .setLoc(address: try section.readPointer(&cursor, encoding: cie.pointerEncoding, entry: instructionOffset,
                                                                addressSize: cie.addressSize))
            }
            return .setLoc(address: cursor.unsigned(size: cie.addressSize))
        case DWCFA.advanceLoc1: return .advanceLoc(delta: UInt64(cursor.u8()))
        case DWCFA.advanceLoc2: return .advanceLoc(delta: UInt64(cursor.u16()))
        case DWCFA.advanceLoc4: return .advanceLoc(delta: UInt64(cursor.u32()))
        case DWCFA.offsetExtended:
            let r = register()
            return .offset(register: r, factoredOffset: Int64(bitPattern: cursor.uleb()))
        case DWCFA.restoreExtended: return .restore(register: register())
        case DWCFA.undefined: return .undefined(register: register())
        case DWCFA.sameValue: return .sameValue(register: register())
        case DWCFA.register:
            let r = register()
            return .register(register: r, from: register())
        case DWCFA.rememberState: return .rememberState
        case DWCFA.restoreState: return .restoreState
        case DWCFA.defCFA:
            let r = register()
            return .defCFA(register: r, offset: cursor.uleb())
        case DWCFA.defCFARegister: return .defCFARegister(register: register())
        case DWCFA.defCFAOffset: return .defCFAOffset(offset: cursor.uleb())
        case DWCFA.defCFAExpression: return .defCFAExpression(expression: block())
        case DWCFA.expression:
            let r = register()
            return .expression(register: r, expression: block())
        case DWCFA.offsetExtendedSf:
            let r = register()
            return .offset(register: r, factoredOffset: cursor.sleb())
        case DWCFA.defCFASf:
            let r = register()
            return .defCFASf(register: r, factoredOffset: cursor.sleb())
        case DWCFA.defCFAOffsetSf: return .defCFAOffsetSf(factoredOffset: cursor.sleb())
        case DWCFA.valOffset:
            let r = register()
            return .valOffset(register: r, factoredOffset: Int64(bitPattern: cursor.uleb()))
        case DWCFA.valOffsetSf:
            let r = register()
            return .valOffset(register: r, factoredOffset: cursor.sleb())
        case DWCFA.valExpression:
            let r = register()
            return .valExpression(register: r, expression: block())
        case DWCFA.gnuArgsSize: return .argsSize(cursor.uleb())
        case DWCFA.gnuNegativeOffsetExtended:
            let r = register()
            return .offset(register: r, factoredOffset: 0 &- Int64(bitPattern: cursor.uleb()))
        default:
            throw .unknownInstruction(section: section.name, offset: instructionOffset, opcode: opcode)
        }
    }
}
