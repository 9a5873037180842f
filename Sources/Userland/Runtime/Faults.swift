@_extern(c, "keel_privileged_instruction") func keel_privileged_instruction()
@_extern(c, "keel_invalid_opcode") func keel_invalid_opcode()
@_extern(c, "keel_text_start") func keel_text_start() -> UInt

/// Instructions that fault on purpose, for the fault test programs.
public enum Faults {
    /// `hlt` in ring 3: General Protection.
    public static func privilegedInstruction() { keel_privileged_instruction() }
    /// UD0: Invalid Opcode.
    public static func invalidOpcode() { keel_invalid_opcode() }
    /// The start of the program's text (each program has its own link base): mapped R+X.
    public static var textStart: UInt { keel_text_start() }
}
