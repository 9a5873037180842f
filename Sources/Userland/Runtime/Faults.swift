@_extern(c, "keel_privileged_instruction") func keel_privileged_instruction()
@_extern(c, "keel_invalid_opcode") func keel_invalid_opcode()

/// Instructions that fault on purpose, for the fault test programs.
public enum Faults {
    /// `hlt` in ring 3: General Protection.
    public static func privilegedInstruction() { keel_privileged_instruction() }
    /// UD0: Invalid Opcode.
    public static func invalidOpcode() { keel_invalid_opcode() }
}
