import CPU
import KeelABI

/// A user task did something fatal: a CPU exception in ring 3, or a system
/// call argument pointing at memory it may not use. The task is reported
/// (registers, a backtrace through its own memory with symbols from its own
/// ELF) and ends; the kernel and the other tasks go on.
enum UserFault {
    /// A CPU exception from ring 3. Never returns to the faulting code.
    static func handle(_ context: TrapContext) -> Never {
        let vector = context.frame.pointee.vector
        reportException(context.frame.pointee)
        Scheduler.exitCurrent(status: TaskStatus.killedByFault | Int64(vector))
    }

    private static func reportException(_ frame: InterruptFrame) {
        let kind = ExceptionKind(vector: Int(frame.vector))
        let w = begin()
        w.write(kind.mnemonic); w.write(" "); w.write(kind.name); w.write(" (vector "); w.decimal(frame.vector); w.write(")")
        if kind.hasErrorCode { w.write(" error code "); w.shortHex(frame.errorCode) }
        w.newline()
        if kind.vector == 14 { describePageFault(frame.errorCode, w) }
        if kind.vector == 6, isSwiftTrap(at: frame.rip) {
            w.write("    ud2: a Swift runtime failure (fatalError, precondition, overflow or bounds check)"); w.newline()
        }
        finish(frame, w)
    }

    /// A system call argument that is not user memory the task may access
    /// that way: reported like a fault; the task ends when the call returns.
    static func reportBadPointer(_ call: StaticString, address: UInt64, length: UInt64, access: UserAccess,
                                 frame: InterruptFrame) {
        let w = begin()
        w.write("bad system call argument: "); w.write(call); w.write(" got pointer "); w.hex(address)
        w.write(" (length "); w.decimal(length); w.write(access == .read ? ") that is not readable" : ") that is not writable")
        w.write(" user memory"); w.newline()
        finish(frame, w)
    }

    private static func begin() -> TextWriter {
        let task = Scheduler.current!
        let w = KernelLog.writer
        w.newline()
        w.write("!!! task "); w.decimal(task.id); w.write(" '"); w.write(task.name); w.write("' killed: ")
        return w
    }

    private static func finish(_ frame: InterruptFrame, _ w: TextWriter) {
        let task = Scheduler.current!
        guard let space = task.addressSpace else { return }
        let symbols = task.image.map { ProgramSymbols($0) }
        RegisterDump.write(frame, w) { address, w in
            if let symbols { symbols.writeSymbol(address, lookupAt: address, to: w) } else { w.write("??") }
        }
        w.write("Backtrace ("); w.write(task.name)
        w.write(symbols?.isAvailable == true ? ", symbols from its ELF):" : ", no symbols):"); w.newline()
        Backtrace.write(rip: frame.rip, rbp: frame.rbp, to: w, readFrame: { record in
            guard let next = space.readWord(record), let returnAddress = space.readWord(record &+ 8) else { return nil }
            return (next, returnAddress)
        }, symbol: { address, lookup, w in
            if let symbols { symbols.writeSymbol(address, lookupAt: lookup, to: w) } else { w.write("??") }
        })
    }

    private static func describePageFault(_ code: UInt64, _ w: TextWriter) {
        let cr2 = cpu_read_cr2()
        w.write("    CR2 "); w.hex(cr2)
        w.write(code & 1 != 0 ? " (protection violation" : " (page not present")
        w.write(code & 2 != 0 ? ", write" : ", read")
        w.write(code & 4 != 0 ? ", user mode" : ", kernel mode")
        if code & 16 != 0 { w.write(", instruction fetch") }
        w.write(")")
        if cr2 < 4096 { w.write(" [null pointer dereference]") }
        if cr2 >= UserLayout.stackGuardPage && cr2 < UserLayout.stackBottom { w.write(" [guard page of the user stack: stack overflow]") }
        if cr2 >= UserLayout.limit { w.write(" [kernel memory]") }
        w.newline()
    }

    private static func isSwiftTrap(at rip: UInt64) -> Bool {
        guard let word = Scheduler.current?.addressSpace?.readWord(rip) else { return false }
        return word & 0xFFFF == 0x0B0F
    }
}
