import CPU

/// CPU exceptions. A breakpoint (#BP) is reported and execution resumes after
/// the int3; every other exception is reported in full and is fatal. A `ud2`
/// at the faulting address is how Embedded Swift traps (fatalError,
/// precondition, overflow, bounds): that goes to the panic path as a runtime
/// failure.
enum ExceptionHandler {
    static func handle(_ frame: UnsafeMutablePointer<InterruptFrame>) {
        let kind = ExceptionKind(vector: Int(frame.pointee.vector))
        switch kind.vector {
        case 3:
            reportBreakpoint(frame.pointee)
        case 6 where isSwiftTrap(at: frame.pointee.rip):
            Panic.halt(reason: "Swift runtime failure (trap: fatalError, precondition, overflow or bounds check)",
                       frame: frame.pointee)
        default:
            Panic.exception(kind, frame: frame.pointee)
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
