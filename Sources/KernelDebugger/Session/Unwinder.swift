import ElfKitDWARF

/// One machine frame of a backtrace.
public struct MachineFrame: Equatable, Sendable {
    /// The frame's pc: rip for frame 0, a return address for the others.
    public var pc: UInt64
    /// The frame pointer (rbp) while this frame runs.
    public var framePointer: UInt64
    /// The stack pointer while this frame runs (after its call returns, for callers).
    public var stackPointer: UInt64
    public var isCaller: Bool
    /// The address to symbolize: a return address points after its call.
    public var lookupAddress: UInt64 { isCaller ? pc &- 1 : pc }
}

/// Frame-pointer unwinding (the kernel keeps rbp chains: toolchain facts),
/// with the two prologue cases where rbp does not yet describe the frame:
/// at a function's first instruction and right after `push rbp`.
public struct Unwinder {
    public let session: DebugSession
    public var maximumDepth = 256

    public init(session: DebugSession) { self.session = session }

    public func frames(limit: Int? = nil) throws(DebuggerError) -> [MachineFrame] {
        let regs = try session.registers()
        guard let rip = regs["rip"], let rbp = regs["rbp"], let rsp = regs["rsp"] else {
            throw .failed("the target has no rip/rbp/rsp registers")
        }
        let depth = min(limit ?? maximumDepth, maximumDepth)
        var frames = [MachineFrame(pc: rip, framePointer: rbp, stackPointer: rsp, isCaller: false)]
        if frames.count >= depth { return frames }
        var fp = rbp
        // In a prologue the return address is on the stack, not above rbp.
        if let image = session.image, let symbol = image.symbol(containing: rip), symbol.isFunction {
            let offset = rip - symbol.address
            let firstByte = (try? session.readMemory(at: symbol.address, count: 1))?.first
            if offset == 0 || (offset == 1 && firstByte == 0x55) {
                let slot = offset == 0 ? rsp : rsp &+ 8
                if let ret = try? session.readQuad(slot), ret != 0 {
                    frames.append(MachineFrame(pc: ret, framePointer: rbp, stackPointer: slot &+ 8, isCaller: true))
                }
            }
        }
        while frames.count < depth, fp != 0, fp & 7 == 0 {
            guard let record = try? session.readMemory(at: fp, count: 16) else { break }
            let next = record[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let ret = record[8..<16].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if ret == 0 { break }
            frames.append(MachineFrame(pc: ret, framePointer: next, stackPointer: fp &+ 16, isCaller: true))
            if next != 0 && next <= fp { break }   // chains only go up the stack
            fp = next
        }
        return frames
    }
}

/// A frame as printed: a machine frame, or one of the calls inlined into it.
public struct SourceFrame: Sendable {
    public var number: Int
    public var machine: MachineFrame
    public var function: String
    public var location: SourceLocation?
    public var isInlined: Bool
}

extension KernelImage {
    /// The source frames of a machine frame, innermost (inlined) first.
    func sourceFrames(of frame: MachineFrame, startingAt number: Int) -> [SourceFrame] {
        let frames = self.frames(at: frame.lookupAddress)
        var result: [SourceFrame] = []
        for (i, f) in frames.enumerated() {
            var name = f.functionName.map { SwiftDemangler.isMangledSwiftName($0) ? SwiftDemangler.backtraceName($0) : BacktraceName.simplify($0) } ?? "??"
            if i == frames.count - 1, let symbol = symbol(containing: frame.lookupAddress) { name = symbol.name }
            let location = f.fileName.flatMap { file in f.line > 0 ? SourceLocation(file: file, line: Int(f.line)) : nil }
            // A thunk the compiler inlined has no source line: it is noise in a backtrace.
            if i < frames.count - 1 && location == nil { continue }
            result.append(SourceFrame(number: number + result.count, machine: frame, function: name, location: location,
                                      isInlined: i < frames.count - 1))
        }
        return result
    }
}
