import ElfKitDWARF
import GDBStub

/// Source-level stepping from DWARF lines: `step` stops at the first
/// instruction of a different line (entering calls), `next` runs calls to
/// completion, `finish` runs to the caller.
public struct SourceStepper {
    public let session: DebugSession
    /// A bound on single steps per command, so a line that never ends
    /// (a spin loop) gives control back.
    public var maximumSteps = 20_000

    public init(session: DebugSession) { self.session = session }

    func image() throws(DebuggerError) -> KernelImage {
        guard let image = session.image else { throw .failed("no kernel image: source stepping needs --kernel") }
        return image
    }

    /// Whether `address` starts a line-table row.
    func isRowStart(_ address: UInt64, _ entries: [SourceLineEntry]) -> Bool {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].address < address { lo = mid + 1 } else { hi = mid }
        }
        return lo < entries.count && entries[lo].address == address
    }

    public func step(over calls: Bool) throws(DebuggerError) -> StopReason {
        let image = try image()
        let entries = image.lineEntries
        let startPC = try session.pc
        let startFrames = image.frames(at: startPC)
        // `next` stays at the inline depth it started at: code inlined into
        // this line counts as a call, whose line is the call site's.
        let depth = startFrames.count - 1
        func location(_ pc: UInt64) -> SourceLocation? {
            let frames = image.frames(at: pc)
            let index = calls ? max(0, frames.count - 1 - depth) : 0
            let f = frames[min(index, frames.count - 1)]
            guard let file = f.fileName, f.line > 0 else { return nil }
            return SourceLocation(file: file, line: Int(f.line))
        }
        let startLocation = location(startPC)
        let startSP = try session.register("rsp")
        var lastReason: StopReason = .signal(.trap)
        for _ in 0..<maximumSteps {
            let before = try session.pc
            let spBefore = try session.register("rsp")
            lastReason = try session.stepInstruction()
            guard case .stopped(let reason) = session.state else { return lastReason }
            if case .signal(let s) = reason, s != .trap { return reason }
            if case .watchpoint = reason { return reason }
            if InterruptFlag.consume() { return .signal(.interrupt) }
            let pc = try session.pc
            let sp = try session.register("rsp")
            // A call: the stack grew by the return address, which points just after `before`.
            if sp == spBefore &- 8, let ret = try? session.readQuad(sp), ret > before, ret <= before &+ 16 {
                let entered = image.location(of: pc)
                if calls || entered == nil {
                    lastReason = try session.run(to: ret, stackAtLeast: spBefore)
                    guard case .stopped = session.state else { return lastReason }
                    if try session.pc != ret { return lastReason }   // a breakpoint inside the call
                    continue
                }
                return lastReason   // `step` into a function with line information
            }
            let here = location(pc)
            if sp > startSP, here != nil, here != startLocation { return lastReason }   // returned to the caller
            if let here, here != startLocation, isRowStart(pc, entries) { return lastReason }
        }
        throw .failed("stopped after \(maximumSteps) instructions without reaching another line")
    }

    /// Runs until the current function returns; the caller's pc and the
    /// value in rax.
    public func finish() throws(DebuggerError) -> (reason: StopReason, returned: UInt64?) {
        let frames = try Unwinder(session: session).frames(limit: 2)
        guard frames.count == 2 else { throw .failed("\"finish\" not meaningful in the outermost frame") }
        let caller = frames[1]
        let reason = try session.run(to: caller.pc, stackAtLeast: caller.stackPointer)
        guard case .stopped = session.state, try session.pc == caller.pc else { return (reason, nil) }
        return (reason, try session.register("rax"))
    }
}
