import ElfKitDWARF

/// Walks the stack from the current registers. Each step uses the DWARF
/// call frame information of the frame's function when an FDE covers its
/// pc (every register rule, callee-saved registers included), and the rbp
/// chain otherwise (assembly without CFI: the kernel keeps frame pointers,
/// see the toolchain facts), with the two prologue cases where rbp does
/// not yet describe the frame: at a function's first instruction and right
/// after `push rbp`.
public struct Unwinder {
    public let session: DebugSession
    public var maximumDepth = 256

    public init(session: DebugSession) { self.session = session }

    /// The registers carried from frame to frame, by their DWARF numbers.
    static let tracked: [(name: String, number: UInt16)] = [
        ("rbx", X86_64DWARFRegister.rbx), ("rbp", X86_64DWARFRegister.rbp), ("rsp", X86_64DWARFRegister.rsp),
        ("r12", X86_64DWARFRegister.r12), ("r13", X86_64DWARFRegister.r13), ("r14", X86_64DWARFRegister.r14),
        ("r15", X86_64DWARFRegister.r15), ("rip", X86_64DWARFRegister.returnAddress),
    ]

    public func frames(limit: Int? = nil) throws(DebuggerError) -> [MachineFrame] {
        let regs = try session.registers()
        guard let rip = regs["rip"], let rbp = regs["rbp"], let rsp = regs["rsp"] else {
            throw .failed("the target has no rip/rbp/rsp registers")
        }
        let depth = min(limit ?? maximumDepth, maximumDepth)
        var known: [String: UInt64] = [:]
        for (name, _) in Self.tracked { known[name] = regs[name] }
        var frames = [MachineFrame(pc: rip, framePointer: rbp, stackPointer: rsp, isCaller: false, registers: known)]
        let cfi = session.image?.callFrames
        let memory = SessionUnwindMemory(session: session)
        while frames.count < depth {
            let current = frames[frames.count - 1]
            var next: MachineFrame?
            if let cfi, let step = cfiStep(from: current, cfi, memory) {
                frames[frames.count - 1].canonicalFrameAddress = step.cfa
                frames[frames.count - 1].savedRegisters = step.saved
                next = step.caller
                if next == nil { break }   // the return address is undefined: the outermost frame
            } else if frames.count == 1, let caller = prologueStep(from: current) {
                frames[0].savedRegisters = ["rip": caller.stackPointer &- 8]
                next = caller
            } else {
                next = framePointerStep(from: current)
                if next != nil {
                    frames[frames.count - 1].savedRegisters = ["rbp": current.framePointer, "rip": current.framePointer &+ 8]
                }
            }
            guard let caller = next, caller.pc != 0, caller.stackPointer > current.stackPointer else { break }
            frames.append(caller)
        }
        return frames
    }

    /// One step by the callee's CFI; nil when no FDE covers its pc or the
    /// rules cannot be applied (a DWARF expression, unreadable memory).
    private func cfiStep(from frame: MachineFrame, _ cfi: CallFrameInformation, _ memory: SessionUnwindMemory)
        -> (caller: MachineFrame?, cfa: UInt64, saved: [String: UInt64])? {
        var values: DWARFRegisterValues = [:]
        for (name, number) in Self.tracked where number != X86_64DWARFRegister.returnAddress {
            if let v = frame.registers[name] { values[number] = v }
        }
        let unwinder = FrameUnwinder(frames: cfi, memory: memory)
        guard let step = try? unwinder.unwind(values, lookup: frame.lookupAddress) else { return nil }
        var saved: [String: UInt64] = [:]
        var recovered: [String: UInt64] = [:]
        for (name, number) in Self.tracked {
            if let slot = step.savedAt[number] { saved[name] = slot }
            if let v = step.registers[number] { recovered[name] = v }
        }
        guard step.hasCaller, let pc = recovered["rip"], let sp = recovered["rsp"] else { return (nil, step.cfa, saved) }
        let caller = MachineFrame(pc: pc, framePointer: recovered["rbp"] ?? 0, stackPointer: sp, isCaller: true,
                                  method: .callFrameInformation, registers: recovered)
        return (caller, step.cfa, saved)
    }

    /// In a prologue without CFI the return address is on the stack, not above rbp.
    private func prologueStep(from frame: MachineFrame) -> MachineFrame? {
        guard let image = session.image, let symbol = image.symbol(containing: frame.pc), symbol.isFunction else { return nil }
        let offset = frame.pc - symbol.address
        let firstByte = (try? session.readMemory(at: symbol.address, count: 1))?.first
        guard offset == 0 || (offset == 1 && firstByte == 0x55) else { return nil }
        let slot = offset == 0 ? frame.stackPointer : frame.stackPointer &+ 8
        guard let ret = try? session.readQuad(slot), ret != 0 else { return nil }
        var registers = frame.registers.filter { Unwinder.calleeSaved.contains($0.key) }
        registers["rip"] = ret
        registers["rsp"] = slot &+ 8
        return MachineFrame(pc: ret, framePointer: frame.framePointer, stackPointer: slot &+ 8, isCaller: true,
                            method: .prologue, registers: registers)
    }

    /// The rbp chain: [rbp] is the caller's rbp, [rbp+8] the return address.
    /// Other callee-saved registers are unknown (no rule says where they went).
    private func framePointerStep(from frame: MachineFrame) -> MachineFrame? {
        let fp = frame.framePointer
        guard fp != 0, fp & 7 == 0, fp >= frame.stackPointer, let record = try? session.readMemory(at: fp, count: 16) else {
            return nil
        }
        let next = record[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let ret = record[8..<16].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard ret != 0 else { return nil }
        return MachineFrame(pc: ret, framePointer: next, stackPointer: fp &+ 16, isCaller: true, method: .framePointer,
                            registers: ["rip": ret, "rsp": fp &+ 16, "rbp": next], savedRegisters: [:])
    }

    static let calleeSaved: Set<String> = ["rbx", "rbp", "r12", "r13", "r14", "r15"]
}
