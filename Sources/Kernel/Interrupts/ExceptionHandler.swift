import CPU
import GDBStub

/// CPU exceptions. #BP and #DB go to the GDB stub first; without a debugger a
/// breakpoint is reported and execution resumes after the int3. Every other
/// exception stops for an attached debugger, else is reported in full and is
/// fatal. A `ud2` at the faulting address is how Embedded Swift traps
/// (fatalError, precondition, overflow, bounds): that goes to the panic
/// path as a runtime failure. Exceptions from ring 3 end the faulting task
/// only (UserFault).
enum ExceptionHandler {
    static func handle(_ context: TrapContext) {
        let frame = context.frame.pointee
        let kind = ExceptionKind(vector: Int(frame.vector))
        if frame.cs & 3 == 3 {
            // Ring 3: the debugger may own a breakpoint or step; anything else ends the task alone.
            if kind.vector == 1 && Debugger.debugException(context) { return }
            if kind.vector == 3 && Debugger.breakpoint(context) { return }
            UserFault.handle(context)
        }
        switch kind.vector {
        case 1:
            if Debugger.debugException(context) { return }
            KernelLog.log(.warning, "debug exception (#DB) with no debugger attached; continuing")
        case 3:
            if Debugger.breakpoint(context) { return }
            reportBreakpoint(frame)
        case 6 where isSwiftTrap(at: frame.rip):
            if Debugger.fatal(context, .abort) { return }
            Panic.halt(reason: "Swift runtime failure (trap: fatalError, precondition, overflow or bounds check)",
                       frame: frame)
        default:
            if Debugger.fatal(context, signal(for: kind.vector)) { return }
            Panic.exception(kind, frame: frame)
        }
    }

    /// The POSIX signal gdb shows for an exception.
    private static func signal(for vector: Int) -> GDBSignal {
        switch vector {
        case 0, 16, 19: return .floatingPointError
        case 6: return .illegalInstruction
        case 17: return .busError
        default: return .segmentationFault
        }
    }

    private static func isSwiftTrap(at rip: UInt64) -> Bool {
        guard KernelAddressSpace.isReadable(rip, length: 2) else { return false }
        let bytes = UnsafePointer<UInt8>(bitPattern: UInt(rip))!
        return bytes[0] == 0x0F && bytes[1] == 0x0B
    }

    private static func reportBreakpoint(_ frame: InterruptFrame) {
        let w = KernelLog.begin(.warning)
        w.write("breakpoint (#BP) at ")
        w.hex(frame.rip &- 1)
        w.write(" ")
        Symbolizer.writeSymbol(frame.rip &- 1, to: w)
        w.write("; no debugger attached, continuing")
        w.newline()
    }
}
