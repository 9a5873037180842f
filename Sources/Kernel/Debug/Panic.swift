import CPU

/// The single fatal path: exception reports, `panic()`, Swift runtime traps.
/// Prints the reason, the registers and a symbolized backtrace to the console
/// (and the log ring), then powers off with failure status. Uses no heap, so
/// it works when the heap is what broke. A fault inside the report itself
/// (re-entry) skips straight to power-off.
enum Panic {
    nonisolated(unsafe) private static var inProgress = false

    static var writer: TextWriter { KernelLog.writer }

    /// A fatal CPU exception.
    static func exception(_ kind: ExceptionKind, frame: InterruptFrame) -> Never {
        enter()
        let w = writer
        w.newline()
        w.write("!!! EXCEPTION "); w.write(kind.mnemonic); w.write(" "); w.write(kind.name)
        w.write(" (vector "); w.decimal(frame.vector); w.write(")")
        if kind.hasErrorCode {
            w.write(" error code "); w.shortHex(frame.errorCode)
        }
        w.newline()
        if kind.vector == 14 { describePageFault(frame, w) }
        if kind.vector == 13 && frame.errorCode != 0 { describeSelectorError(frame.errorCode, w) }
        if kind.vector == 8 {
            w.write("    running on the #DF IST stack (top "); w.hex(GlobalDescriptorTable.interruptStackTop(.doubleFault))
            w.write("); interrupted rsp "); w.hex(frame.rsp); KernelStacks.describe(frame.rsp, isStackPointer: true, w); w.newline()
        }
        finish(frame: frame)
    }

    /// A Swift runtime trap or a kernel-detected failure with an interrupt frame.
    static func halt(reason: StaticString, frame: InterruptFrame) -> Never {
        enter()
        let w = writer
        w.newline()
        w.write("!!! KERNEL PANIC: "); w.write(reason); w.newline()
        finish(frame: frame)
    }

    private static func enter() {
        cpu_cli()
        if inProgress {
            Console.write("\n!!! fault while reporting a fault; powering off\n")
            PowerOff.exit(.failure)
        }
        inProgress = true
    }

    private static func finish(frame: InterruptFrame) -> Never {
        let w = writer
        RegisterDump.write(frame, w)
        w.write("Backtrace:"); w.newline()
        Backtrace.write(rip: frame.rip, rbp: frame.rbp, to: w)
        PowerOff.exit(.failure)
    }

    private static func describePageFault(_ frame: InterruptFrame, _ w: TextWriter) {
        let cr2 = cpu_read_cr2()
        let code = frame.errorCode
        w.write("    CR2 "); w.hex(cr2)
        w.write(code & 1 != 0 ? " (protection violation" : " (page not present")
        w.write(code & 2 != 0 ? ", write" : ", read")
        w.write(code & 4 != 0 ? ", user mode" : ", kernel mode")
        if code & 16 != 0 { w.write(", instruction fetch") }
        if code & 8 != 0 { w.write(", reserved bit set") }
        w.write(")")
        KernelStacks.describe(cr2, w)
        if cr2 < 4096 { w.write(" [null pointer dereference]") }
        w.newline()
    }

    private static func describeSelectorError(_ code: UInt64, _ w: TextWriter) {
        w.write("    selector index "); w.decimal(code >> 3)
        w.write((code & 2) != 0 ? " in IDT" : ((code & 4) != 0 ? " in LDT" : " in GDT"))
        w.newline()
    }
}

/// `panic("…")`: the kernel's own fatal error, with the caller's registers.
/// With gdb attached, the kernel first stops at the panic (an int3 here) so
/// `bt` shows where it happened; continuing then powers off.
@inline(never)
func panic(_ message: StaticString) -> Never {
    if Debugger.isAttached {
        Console.write("\n!!! KERNEL PANIC: "); Console.write(message); Console.write(" (stopping for gdb)\n")
        cpu_int3()
    }
    var frame = RegisterDump.captureCurrent()
    frame.vector = 0
    Panic.halt(reason: message, frame: frame)
}
