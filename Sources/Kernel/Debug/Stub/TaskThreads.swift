/// Tasks as gdb threads: thread id = task id + 1 (gdb wants ids above 0),
/// named in `qThreadExtraInfo` ("init (user, running, priority 2)"). The
/// stopped context is the current task's; another task's registers are where
/// it left them:
/// - a user task: the frame at the top of its kernel stack (what it had in
///   ring 3 when it last entered the kernel; writes there take effect when it
///   returns to user space);
/// - a kernel task: the callee-saved registers and return address that
///   switch_context pushed (a copy: writes are not kept).
/// Memory at user addresses is read and written through the selected task's
/// page tables.
enum TaskThreads {
    /// The copy of a switched-out kernel task's registers.
    nonisolated(unsafe) private static var kernelFrame: UnsafeMutablePointer<InterruptFrame>?

    static func threadID(_ task: Task) -> UInt64 { task.id + 1 }

    static func task(forThread id: UInt64) -> Task? {
        guard id > 0 else { return nil }
        return Scheduler.find(id: id - 1)
    }

    /// The registers of a task that is not running.
    static func context(of task: Task) -> TrapContext? {
        guard task.savedStackPointer.pointee != 0, task.state != .exited else { return nil }
        if task.isUser, let stack = task.stack {
            let frame = stack.top - UInt64(MemoryLayout<InterruptFrame>.size)
            return TrapContext(frame: UnsafeMutablePointer(bitPattern: UInt(frame))!, fpu: task.fpuState)
        }
        if kernelFrame == nil {
            kernelFrame = .allocate(capacity: 1)
        }
        let saved = UnsafePointer<UInt64>(bitPattern: UInt(task.savedStackPointer.pointee))!
        kernelFrame!.initialize(to: InterruptFrame(
            r15: saved[0], r14: saved[1], r13: saved[2], r12: saved[3], r11: 0, r10: 0, r9: 0, r8: 0,
            rbp: saved[5], rdi: 0, rsi: 0, rdx: 0, rcx: 0, rbx: saved[4], rax: 0, vector: 0, errorCode: 0,
            rip: saved[6], cs: UInt64(GlobalDescriptorTable.kernelCode), rflags: 0x2,
            rsp: task.savedStackPointer.pointee + 56, ss: UInt64(GlobalDescriptorTable.kernelData)))
        return TrapContext(frame: kernelFrame!, fpu: task.fpuState)
    }

    /// `init (user, blocked on receive, priority 2)`.
    static func describe(_ task: Task, _ w: TextWriter) {
        w.write(task.name)
        w.write(task.isUser ? " (user, " : " (kernel, ")
        w.write(task.state.name)
        if task.state == .blocked { w.write(" on "); w.write(task.waitReason.name) }
        w.write(", priority "); w.decimal(task.priority); w.write(")")
    }
}
