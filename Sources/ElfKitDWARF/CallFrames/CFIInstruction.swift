// One call frame instruction (DWARF 5 §6.4.2), operands as encoded: the
// evaluator applies the CIE's code and data alignment factors. Expression
// blocks are section ranges (no copy).

public enum CFIInstruction: Equatable, Sendable {
    // §6.4.2.1 Row creation.
    case setLoc(address: UInt64)
    /// advance_loc, advance_loc1/2/4: delta in code alignment units.
    case advanceLoc(delta: UInt64)
    // §6.4.2.2 CFA definition.
    case defCFA(register: UInt16, offset: UInt64)
    /// def_cfa_sf: offset in data alignment units.
    case defCFASf(register: UInt16, factoredOffset: Int64)
    case defCFARegister(register: UInt16)
    case defCFAOffset(offset: UInt64)
    case defCFAOffsetSf(factoredOffset: Int64)
    case defCFAExpression(expression: Range<Int>)
    // §6.4.2.3 Register rules.
    case undefined(register: UInt16)
    case sameValue(register: UInt16)
    /// offset, offset_extended(_sf), GNU_negative_offset_extended: in data alignment units.
    case offset(register: UInt16, factoredOffset: Int64)
    case valOffset(register: UInt16, factoredOffset: Int64)
    case register(register: UInt16, from: UInt16)
    case expression(register: UInt16, expression: Range<Int>)
    case valExpression(register: UInt16, expression: Range<Int>)
    /// restore, restore_extended.
    case restore(register: UInt16)
    // §6.4.2.4 Row state.
    case rememberState
    case restoreState
    // §6.4.2.5 Padding, and GNU_args_size (only matters to exception handling).
    case nop
    case argsSize(UInt64)
}
