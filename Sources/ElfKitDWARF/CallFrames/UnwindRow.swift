// One row of the unwind table (DWARF 5 §6.4.1): from its
// location on, how to find the CFA and each register of the caller.

/// How the Canonical Frame Address is computed.
public enum CFARule: Equatable, Sendable {
    /// register + offset.
    case registerOffset(register: UInt16, offset: Int64)
    /// A DWARF expression (a section range); not evaluated by the unwinder.
    case expression(Range<Int>)
}

/// How a caller's register is recovered (§6.4.1 register rules).
public enum RegisterRule: Equatable, Sendable {
    case undefined
    case sameValue
    /// Saved at CFA + n.
    case offset(Int64)
    /// The value is CFA + n.
    case valOffset(Int64)
    /// Held in another register.
    case register(UInt16)
    case expression(Range<Int>)
    case valExpression(Range<Int>)
}

public struct UnwindRow: Equatable, Sendable {
    /// The first pc the row applies to.
    public var location: UInt64
    public var cfa: CFARule
    /// Rules of the registers that have one; a register absent here has
    /// none (unspecified: the ABI decides, callee-saved ones keep their value).
    public var registers: [UInt16: RegisterRule]

    public init(location: UInt64, cfa: CFARule, registers: [UInt16: RegisterRule] = [:]) {
        self.location = location
        self.cfa = cfa
        self.registers = registers
    }

    public func rule(for register: UInt16) -> RegisterRule? { registers[register] }
}
