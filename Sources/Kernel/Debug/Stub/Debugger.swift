import CPU
import GDBStub

/// COM2 as the session's output.
struct DebugPortSink: ByteSink {
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { SerialPort.com2.write(bytes) }
}

/// The in-kernel GDB stub: owns the RSP session on COM2 and decides when the
/// kernel stops for the debugger. It is entered
/// - on int3 (a breakpoint gdb inserted in the kernel or a user program, or
///   any int3 while gdb is attached),
/// - on #DB (single step, debug-register breakpoints and watchpoints),
/// - from the COM2 receive interrupt (0x03 while running, or a new gdb connecting),
/// - at boot with `gdb=wait`,
/// - on a fatal exception or panic while gdb is attached (so `bt` shows it),
/// - at the entry and return of a system call gdb catches (`catch syscall`).
/// While stopped it polls COM2 with interrupts off, then returns into the
/// trap with the registers gdb left and TF/RF set as the resume asks.
enum Debugger {
    typealias Session = GDBServerSession<KernelDebugTarget, DebugPortSink>

    nonisolated(unsafe) private static var session: Session?
    nonisolated(unsafe) static var bootInfo: StartInfo?
    nonisolated(unsafe) private static var stopped = false
    /// A breakpoint lifted to step over it (in a user task's text, or the
    /// kernel's when nil), and whether to run on afterwards.
    nonisolated(unsafe) private static var steppingOver: UInt64?
    nonisolated(unsafe) private static var steppingOverTask: Task?
    nonisolated(unsafe) private static var continueAfterStep = false
    /// IF as it was before a single step (steps run with interrupts masked).
    nonisolated(unsafe) private static var interruptFlagBeforeStep: UInt64?
    nonisolated(unsafe) private static var waitingAtBoot = false
    /// The system calls gdb catches (QCatchSyscalls), set through the target.
    /// Kept here, not in the target: every system call reads `enabled`, and
    /// reaching into the session costs a copy of it.
    nonisolated(unsafe) static var caughtSyscalls = CaughtSyscalls()

    static var isEnabled: Bool { session != nil }
    static var isAttached: Bool { (session?.state ?? .detached) != .detached }

    /// Starts the stub: the session waits detached; COM2 receive interrupts
    /// let a debugger connect at any time.
    static func start() {
        let packet = UnsafeMutableBufferPointer(start: UnsafeMutablePointer<UInt8>(bitPattern: UInt(storage_gdb_packet_buffer())),
                                                count: Int(GDB_PACKET_BUFFER_SIZE))
        let reply = UnsafeMutableBufferPointer(start: UnsafeMutablePointer<UInt8>(bitPattern: UInt(storage_gdb_reply_buffer())),
                                               count: Int(GDB_REPLY_BUFFER_SIZE))
        session = Session(target: KernelDebugTarget(), output: DebugPortSink(), packetBuffer: packet,
                          replyBuffer: reply, state: .detached)
        SerialPort.com2.initialize(receiveInterrupt: true)
    }

    /// `gdb=wait`: stops here (an int3 in the Swift entry) until gdb attaches
    /// and continues.
    @inline(never)
    static func waitForDebugger() {
        waitingAtBoot = true
        cpu_int3()
        waitingAtBoot = false
    }

    // MARK: Entries

    /// #BP. Returns false when the stub has nothing to do with this int3.
    static func breakpoint(_ context: TrapContext) -> Bool {
        guard session != nil else { return false }
        let address = context.frame.pointee.rip &- 1
        let fromUser = context.frame.pointee.cs & 3 == 3
        let ours = fromUser ? session!.target.userBreakpoints.contains(address) : session!.target.breakpoints.contains(address)
        if stopped {
            // The stub's own code ran into a breakpoint gdb set: lift it until the kernel resumes.
            if ours { session!.target.breakpoints.lift(address); context.frame.pointee.rip = address }
            return ours
        }
        guard ours || isAttached || waitingAtBoot else { return false }
        if ours { context.frame.pointee.rip = address }   // resume re-executes the original instruction
        stop(context, ours ? .softwareBreakpoint : .signal(.trap))
        return true
    }

    /// #DB: a finished single step or a debug-register hit.
    static func debugException(_ context: TrapContext) -> Bool {
        guard session != nil else { return false }
        let dr6 = cpu_read_dr(6)
        cpu_write_dr(6, 0)
        let frame = context.frame
        if let saved = interruptFlagBeforeStep {
            frame.pointee.rflags = (frame.pointee.rflags & ~TrapContext.interruptFlag) | saved
            interruptFlagBeforeStep = nil
        }
        frame.pointee.rflags &= ~TrapContext.trapFlag
        if let address = steppingOver {
            if let task = steppingOverTask {
                session!.target.userBreakpoints.restore(address, in: task)
            } else {
                session!.target.breakpoints.restore(address)
            }
            steppingOver = nil
            steppingOverTask = nil
            if continueAfterStep && dr6 & 0xF == 0 { return true }
        }
        if let hit = session!.target.debugRegisters.triggered(status: dr6) {
            switch hit.use {
            case .watch(let kind, _): stop(context, .watchpoint(kind, address: hit.address))
            default: stop(context, .hardwareBreakpoint)
            }
            return true
        }
        guard dr6 & (1 << 14) != 0 || isAttached else { return false }
        stop(context, .signal(.trap))
        return true
    }

    /// COM2 received something: gdb's bytes while the kernel runs.
    static func receiveInterrupt(_ context: TrapContext) {
        guard session != nil else { return }
        while let byte = SerialPort.com2.readByte() {
            if session!.receive(byte) == .stopRequested {
                stop(context, .signal(.interrupt))
                return
            }
        }
    }

    /// A fatal exception or panic: stop for gdb if one is attached (returns
    /// true: resume as gdb says), else the caller reports and powers off.
    static func fatal(_ context: TrapContext, _ signal: GDBSignal) -> Bool {
        guard isAttached, !stopped else { return false }
        stop(context, .signal(signal))
        return true
    }

    /// A task entered (or returns from) system call `number`: stops there
    /// when gdb catches it (called only while `caughtSyscalls.enabled`). The
    /// trap frame is the task's (syscall_entry.S); its FPU state is still in
    /// the CPU, saved for gdb to see and change.
    static func systemCall(_ frame: UnsafeMutablePointer<InterruptFrame>, _ number: UInt64, returning: Bool) {
        guard isAttached, !stopped, caughtSyscalls.contains(number) else { return }
        withUnsafeTemporaryAllocation(byteCount: 512, alignment: 16) { fpu in
            cpu_fxsave(fpu.baseAddress!)
            stop(TrapContext(frame: frame, fpu: fpu.baseAddress!, systemCall: number),
                 returning ? .syscallReturn(number) : .syscallEntry(number))
            cpu_fxrstor(fpu.baseAddress!)
        }
    }

    /// A user task was just loaded: it gets the breakpoints gdb set in its program.
    static func taskLoaded(_ task: Task) {
        guard session != nil else { return }
        session!.target.userBreakpoints.patch(into: task)
    }

    // MARK: The stop loop

    private static func stop(_ context: TrapContext, _ reason: StopReason) {
        stopped = true
        defer { stopped = false }
        session!.target.context = context
        session!.target.reason = reason
        var event = session!.reportStop(reason)
        while true {
            if let e = event {
                switch e {
                case .resumed:
                    applyResume(context)
                    return
                case .detached, .failed:
                    context.frame.pointee.rflags &= ~TrapContext.trapFlag
                    session!.target.context = nil
                    return
                case .killed:
                    Console.write("\n[gdb] killed by the debugger; powering off\n")
                    PowerOff.exit(.failure)
                case .stopRequested:
                    break
                }
            }
            event = session!.receive(SerialPort.com2.waitForByte())
        }
    }

    /// Carries out gdb's resume on the trap frame: a new rip, TF for a step,
    /// stepping over an inserted breakpoint at rip first, RF to get past a
    /// hardware breakpoint at rip.
    private static func applyResume(_ context: TrapContext) {
        let frame = context.frame
        let action = session!.target.pendingResume ?? .continue
        session!.target.pendingResume = nil
        session!.target.context = nil
        if let address = action.address { frame.pointee.rip = address }
        session!.target.breakpoints.restoreAll()
        let rip = frame.pointee.rip
        var step = action.kind == .step
        // A breakpoint at rip: step over it with the original byte back (in this task only, for user code).
        var lifted = false
        if frame.pointee.cs & 3 == 3, let task = Scheduler.current {
            if session!.target.userBreakpoints.contains(rip) {
                session!.target.userBreakpoints.lift(rip, in: task)
                steppingOverTask = task
                lifted = true
            }
        } else if session!.target.breakpoints.contains(rip) {
            session!.target.breakpoints.lift(rip)
            steppingOverTask = nil
            lifted = true
        }
        if lifted {
            steppingOver = rip
            continueAfterStep = !step
            step = true
        }
        if step {
            frame.pointee.rflags |= TrapContext.trapFlag
            // Step with interrupts masked, unless the instruction itself changes IF.
            if !changesInterruptFlag(at: rip) {
                interruptFlagBeforeStep = frame.pointee.rflags & TrapContext.interruptFlag
                frame.pointee.rflags &= ~TrapContext.interruptFlag
            }
        } else {
            frame.pointee.rflags &= ~TrapContext.trapFlag
        }
        frame.pointee.rflags |= TrapContext.resumeFlag
    }

    /// cli, sti, popf, iretq: stepping these must see the real IF.
    private static func changesInterruptFlag(at rip: UInt64) -> Bool {
        guard KernelAddressSpace.isReadable(rip, length: 2) else { return true }
        let p = UnsafePointer<UInt8>(bitPattern: UInt(rip))!
        let opcode = p[0] == 0x48 ? p[1] : p[0]
        return opcode == 0xFA || opcode == 0xFB || opcode == 0x9D || opcode == 0xCF
    }
}
