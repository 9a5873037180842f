import CPU
import GDBStub

/// The kernel as a GDBStub `DebugTarget`: the registers of the trap where it
/// stopped, kernel memory checked against the live page tables before every
/// access (unmapped or non-canonical → E14, never a fault), int3 and
/// debug-register breakpoints, one thread per execution context, monitor
/// commands and QEMU's register layout.
struct KernelDebugTarget: SoftwareBreakpoints, HardwareBreakpoints, Watchpoints, ExpeditedRegisters,
                          ThreadList, GDBStub.MonitorCommands, TargetDescription, ProcessControl, SyscallCatching {
    /// Where the kernel stopped; a new stop selects its thread again.
    var context: TrapContext? { didSet { selectedTask = nil } }
    /// Another task gdb selected with `Hg` (TaskThreads), or nil for the stopped one.
    var selectedTask: Task?
    /// The registers `g`/`p`/`G`/`P` work on: the selected task's, or the stop's.
    private var registers: TrapContext? {
        guard let task = selectedTask, task !== Scheduler.current else { return context }
        return TaskThreads.context(of: task)
    }
    var reason: StopReason = .signal(.trap)
    var breakpoints = SoftwareBreakpointTable()
    var userBreakpoints = UserBreakpointTable()
    var debugRegisters = DebugRegisters()
    /// What gdb asked for last (`c`, `s`, `vCont`); the debugger applies it to the trap frame.
    var pendingResume: ResumeAction?

    var stopReason: StopReason { reason }

    // MARK: Registers

    mutating func readRegisters(into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        guard let context = registers, buffer.count >= RegisterLayout.totalSize else { throw .failed(.failed) }
        for n in 0..<RegisterLayout.count {
            let (offset, size) = RegisterLayout.slot(n)!
            RegisterLayout.read(n, context, into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + size)]))
        }
        return RegisterLayout.totalSize
    }

    mutating func writeRegisters(_ bytes: UnsafeRawBufferPointer) throws(TargetError) {
        guard let context = registers, bytes.count >= RegisterLayout.totalSize else { throw .failed(.invalid) }
        for n in 0..<RegisterLayout.count {
            let (offset, size) = RegisterLayout.slot(n)!
            // `G` sends every register back; system registers it cannot change are skipped.
            _ = RegisterLayout.write(n, context, from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + size)]))
        }
    }

    mutating func readRegister(_ number: Int, into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        guard let context = registers, let (_, size) = RegisterLayout.slot(number), buffer.count >= size else {
            throw .failed(.invalid)
        }
        RegisterLayout.read(number, context, into: buffer)
        return size
    }

    mutating func writeRegister(_ number: Int, from bytes: UnsafeRawBufferPointer) throws(TargetError) {
        guard let context = registers, RegisterLayout.write(number, context, from: bytes) else { throw .failed(.failed) }
    }

    /// rbp, rsp, rip in every stop reply: gdb then needs no `g` to show where it stopped.
    func expeditedRegister(at index: Int) -> Int? {
        switch index {
        case 0: return 6
        case 1: return 7
        case 2: return RegisterLayout.rip
        default: return nil
        }
    }

    // MARK: Memory

    mutating func readMemory(at address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        if let task = userTask(for: address, buffer.count) {
            guard task.addressSpace?.copyIn(from: address, into: buffer) == true else { return 0 }
            userBreakpoints.unpatch(buffer, readFrom: address)
            return buffer.count
        }
        let n = accessibleLength(from: address, upTo: buffer.count)
        guard n > 0 else { return 0 }
        buffer.baseAddress!.copyMemory(from: UnsafeRawPointer(bitPattern: UInt(address))!, byteCount: n)
        breakpoints.unpatch(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]), readFrom: address)
        return n
    }

    /// Writes go through even to read-only kernel pages (setting a variable in
    /// rodata, patching code): CR0.WP is cleared for the copy. Bytes under an
    /// inserted int3 update the saved original instead.
    mutating func writeMemory(at address: UInt64, from bytes: UnsafeRawBufferPointer) -> Int {
        if let task = userTask(for: address, bytes.count) {
            guard task.addressSpace?.copyOutIgnoringProtection(bytes, to: address) == true else { return 0 }
            userBreakpoints.repatch(writtenAt: address, count: bytes.count, in: task)
            return bytes.count
        }
        let n = accessibleLength(from: address, upTo: bytes.count)
        guard n > 0 else { return 0 }
        let destination = UnsafeMutableRawPointer(bitPattern: UInt(address))!
        SoftwareBreakpointTable.withKernelWritesAllowed {
            destination.copyMemory(from: bytes.baseAddress!, byteCount: n)
        }
        breakpoints.repatch(writtenAt: address, count: n)
        return n
    }

    /// The selected (or stopped) task, whose address space user addresses are in.
    private func userTask(for address: UInt64, _ count: Int) -> Task? {
        guard count > 0, UserLayout.contains(address, length: UInt64(count)) else { return nil }
        guard let task = selectedTask ?? Scheduler.current, task.addressSpace != nil else { return nil }
        return task
    }

    /// How many bytes from `address` are mapped, page by page, up to `limit`.
    private func accessibleLength(from address: UInt64, upTo limit: Int) -> Int {
        var done = 0
        while done < limit {
            let here = address &+ UInt64(done)
            guard here >= address else { break }                         // wrapped
            let inPage = Int(4096 - (here & 4095))
            let chunk = min(inPage, limit - done)
            guard KernelAddressSpace.isReadable(here, length: UInt64(chunk)) else { break }
            done += chunk
        }
        return done
    }

    // MARK: Execution

    mutating func resume(_ action: ResumeAction) throws(TargetError) {
        guard context != nil else { throw .failed(.failed) }
        pendingResume = action
    }

    // MARK: Breakpoints and watchpoints

    /// Kernel addresses patch kernel text; user addresses patch the program
    /// that has code there, in each of its tasks (UserBreakpointTable).
    mutating func insertSoftwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        guard kind == 1 || kind == 0 else { throw .failed(.invalid) }
        let inserted = UserLayout.contains(address, length: 1) ? userBreakpoints.insert(address) : breakpoints.insert(address)
        guard inserted else { throw .failed(.fault) }
    }

    mutating func removeSoftwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        let removed = UserLayout.contains(address, length: 1) ? userBreakpoints.remove(address) : breakpoints.remove(address)
        guard removed else { throw .failed(.failed) }
    }

    // MARK: catch syscall

    mutating func catchSyscalls(_ request: CatchSyscallsRequest) throws(TargetError) {
        var caught = CaughtSyscalls()
        caught.enabled = request.enabled
        caught.all = request.catchesAll
        for number in request.numbers { caught.insert(number) }
        Debugger.caughtSyscalls = caught
    }

    mutating func insertHardwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        guard debugRegisters.insert(.execute, at: address) else { throw .failed(.failed) }
    }

    mutating func removeHardwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        guard debugRegisters.remove(.execute, at: address) else { throw .failed(.failed) }
    }

    /// x86 debug registers watch writes or reads+writes, never reads alone:
    /// `Z3` is unsupported, so gdb falls back (or reports it cannot).
    mutating func insertWatchpoint(_ kind: WatchKind, at address: UInt64, length: UInt64) throws(TargetError) {
        guard kind != .read else { throw .unsupported }
        guard debugRegisters.insert(.watch(kind, length: length), at: address) else { throw .failed(.failed) }
    }

    mutating func removeWatchpoint(_ kind: WatchKind, at address: UInt64, length: UInt64) throws(TargetError) {
        guard kind != .read else { throw .unsupported }
        guard debugRegisters.remove(.watch(kind, length: length), at: address) else { throw .failed(.failed) }
    }

    // MARK: Threads: one per task once the scheduler runs (TaskThreads), else the one boot context.

    func thread(at index: Int) -> UInt64? {
        guard Scheduler.isRunning else { return index == 0 ? 1 : nil }
        return index < Scheduler.tasks.count ? TaskThreads.threadID(Scheduler.tasks[index]) : nil
    }

    var currentThread: UInt64 { Scheduler.current.map { TaskThreads.threadID($0) } ?? 1 }

    mutating func selectThread(_ id: UInt64, for operation: ThreadOperation) throws(TargetError) {
        guard Scheduler.isRunning, id != currentThread else {
            guard id == 1 || id == 0 || id == currentThread else { throw .failed(.failed) }
            if operation == .general { selectedTask = nil }
            return
        }
        guard let task = TaskThreads.task(forThread: id) else { throw .failed(.failed) }
        // Resuming runs the whole machine; only registers and memory follow the selection.
        if operation == .general { selectedTask = task }
    }

    /// "kernel on the boot stack" before tasks exist; then each task's name, kind, state and priority.
    func threadExtraInfo(_ id: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let w = BufferWriter.begin(buffer)
        if Scheduler.isRunning, let task = TaskThreads.task(forThread: id) {
            TaskThreads.describe(task, w)
            if task !== Scheduler.current { return BufferWriter.length }
        } else {
            w.write("kernel")
        }
        if let rsp = context?.frame.pointee.rsp {
            KernelStacks.forEach { stack in
                if rsp > stack.guardPage && rsp <= stack.top { w.write(" on the "); w.write(stack.name) }
            }
        }
        return BufferWriter.length
    }

    // MARK: Monitor, description, detach/kill

    mutating func runMonitorCommand<Output: MonitorOutput>(
        _ command: UnsafeBufferPointer<UInt8>, output: inout Output) throws(TargetError) {
        DebuggerMonitor.run(command, &output)
    }

    func readTargetDescription(annex: UnsafeBufferPointer<UInt8>, offset: Int,
                               into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        guard FeatureDocument.annex(annex, is: "target.xml") else { throw .failed(.invalidAnnex) }
        return FeatureDocument.read(offset: offset, into: buffer, parts: TargetDescriptionXML.part)
    }

    /// Leaves the kernel as it was before gdb came: no patched bytes, no debug registers.
    mutating func detach() throws(TargetError) {
        breakpoints.removeAll()
        userBreakpoints.removeAll()
        Debugger.caughtSyscalls = CaughtSyscalls()
        debugRegisters.removeAll()
    }

    mutating func kill() throws(TargetError) { try detach() }
}
