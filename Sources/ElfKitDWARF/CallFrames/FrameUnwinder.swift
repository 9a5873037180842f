// One unwind step with call frame information (DWARF 5 §6.4.1): from a
// frame's registers to its caller's, by the row that covers the frame's
// pc. Memory comes through a small protocol each user implements (a live
// target over RSP, a core file, a test's buffer).

/// Where the unwinder reads saved registers.
public protocol UnwindMemory {
    /// The little-endian 64-bit value at `address`, or nil if unreadable.
    func readUInt64(at address: UInt64) -> UInt64?
}

public enum FrameUnwindError: Error, Equatable, CustomStringConvertible {
    case callFrameInformation(CallFrameError)
    /// A rule needs a register this frame's value of is unknown.
    case unknownRegister(UInt16)
    /// A DWARF expression rule (for the CFA, or a register): not evaluated.
    case unsupportedExpression(register: UInt16?)
    case unreadableMemory(UInt64)

    public var description: String {
        switch self {
        case .callFrameInformation(let e): return e.description
        case .unknownRegister(let r): return "the rule needs \(X86_64DWARFRegister.name(r)), whose value is unknown"
        case .unsupportedExpression(let r?): return "\(X86_64DWARFRegister.name(r)) is recovered by a DWARF expression (not supported)"
        case .unsupportedExpression(nil): return "the CFA is a DWARF expression (not supported)"
        case .unreadableMemory(let a): return "cannot read the saved register at 0x\(String(a, radix: 16))"
        }
    }
}

/// A frame's registers by DWARF number; absent means unknown.
public typealias DWARFRegisterValues = [UInt16: UInt64]

/// What one step found: the caller's registers and how they were found.
public struct UnwoundFrame: Equatable, Sendable {
    /// The callee's CFA: the caller's stack pointer.
    public var cfa: UInt64
    public var registers: DWARFRegisterValues
    /// The stack slot each register was restored from (the offset rules).
    public var savedAt: [UInt16: UInt64]
    /// The row used, and the FDE's range.
    public var row: UnwindRow
    public var function: Range<UInt64>
    /// False when the return address column is undefined: the outermost frame.
    public var hasCaller: Bool
}

public struct FrameUnwinder<Memory: UnwindMemory> {
    public let frames: CallFrameInformation
    public let memory: Memory
    public var stackPointer = X86_64DWARFRegister.rsp
    public var calleeSaved = X86_64DWARFRegister.calleeSaved

    public init(frames: CallFrameInformation, memory: Memory) {
        self.frames = frames
        self.memory = memory
    }

    /// The caller of the frame whose registers are `registers`. `lookup` is
    /// the pc to find the row by: the pc itself in the innermost frame, the
    /// return address minus one in callers (it may be past the FDE's end
    /// when the call is the function's last instruction). Nil when no FDE
    /// covers `lookup`.
    public func unwind(_ registers: DWARFRegisterValues, lookup: UInt64) throws(FrameUnwindError) -> UnwoundFrame? {
        guard let entry = frames.entry(covering: lookup) else { return nil }
        let row: UnwindRow
        do { row = try entry.table.row(at: lookup) } catch { throw .callFrameInformation(error) }
        let cfa: UInt64
        switch row.cfa {
        case .registerOffset(let register, let offset):
            guard let base = registers[register] else { throw .unknownRegister(register) }
            cfa = base &+ UInt64(bitPattern: offset)
        case .expression:
            throw .unsupportedExpression(register: nil)
        }
        var caller: DWARFRegisterValues = [:]
        var savedAt: [UInt16: UInt64] = [:]
        for register in calleeSaved where row.registers[register] == nil {
            caller[register] = registers[register]
        }
        for (register, rule) in row.registers.sorted(by: { $0.key < $1.key }) {   // deterministic errors
            switch rule {
            case .undefined:
                break
            case .sameValue:
                caller[register] = registers[register]
            case .offset(let n):
                let slot = cfa &+ UInt64(bitPattern: n)
                guard let value = memory.readUInt64(at: slot) else { throw .unreadableMemory(slot) }
                caller[register] = value
                savedAt[register] = slot
            case .valOffset(let n):
                caller[register] = cfa &+ UInt64(bitPattern: n)
            case .register(let from):
                guard let value = registers[from] else { throw .unknownRegister(from) }
                caller[register] = value
            case .expression, .valExpression:
                throw .unsupportedExpression(register: register)
            }
        }
        // The CFA is by definition the stack pointer at the call site (psABI §3.7).
        if row.registers[stackPointer] == nil { caller[stackPointer] = cfa }
        let ra = entry.cie.returnAddressRegister
        let hasCaller = row.registers[ra] != nil && row.registers[ra] != .undefined && caller[ra] != nil
        return UnwoundFrame(cfa: cfa, registers: caller, savedAt: savedAt, row: row,
                            function: entry.fde.start..<entry.fde.end, hasCaller: hasCaller)
    }
}
