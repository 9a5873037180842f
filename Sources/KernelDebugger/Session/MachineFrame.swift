/// One machine frame of a backtrace, with the registers the unwinder
/// recovered for it.
public struct MachineFrame: Equatable, Sendable {
    /// How a frame's registers were found.
    public enum Method: String, Equatable, Sendable {
        /// Frame 0: the target's registers.
        case registers
        /// The callee's DWARF call frame information (.eh_frame/.debug_frame).
        case callFrameInformation = "cfi"
        /// The callee's rbp chain (no FDE covered its pc).
        case framePointer = "frame pointer"
        /// The callee stopped in its prologue, before rbp described its frame.
        case prologue
    }

    /// The frame's pc: rip for frame 0, a return address for the others.
    public var pc: UInt64
    /// The frame pointer (rbp) while this frame runs.
    public var framePointer: UInt64
    /// The stack pointer while this frame runs (after its call returns, for callers).
    public var stackPointer: UInt64
    public var isCaller: Bool
    public var method: Method
    /// The frame's registers that are known (rip, rsp, rbp, rbx, r12-r15):
    /// all of them in frame 0; in callers, what the callee's unwind rules
    /// recover (callee-saved registers without a rule keep their value).
    public var registers: [String: UInt64]
    /// The frame's CFA (its caller's stack pointer), when CFI described it.
    public var canonicalFrameAddress: UInt64?
    /// Where this frame saved its caller's registers (gdb's "Saved registers").
    public var savedRegisters: [String: UInt64]

    public init(pc: UInt64, framePointer: UInt64, stackPointer: UInt64, isCaller: Bool, method: Method = .registers,
                registers: [String: UInt64] = [:], canonicalFrameAddress: UInt64? = nil, savedRegisters: [String: UInt64] = [:]) {
        self.pc = pc
        self.framePointer = framePointer
        self.stackPointer = stackPointer
        self.isCaller = isCaller
        self.method = method
        self.registers = registers
        self.canonicalFrameAddress = canonicalFrameAddress
        self.savedRegisters = savedRegisters
    }

    /// The address to symbolize: a return address points after its call.
    public var lookupAddress: UInt64 { isCaller ? pc &- 1 : pc }

    /// The registers `bt full` shows, in gdb's `info registers` order.
    public static let shownRegisters = ["rbx", "rbp", "rsp", "r12", "r13", "r14", "r15", "rip"]
}
