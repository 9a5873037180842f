import KeelABI
import KeelRuntime

/// Faults on purpose; the kernel must end this task alone, with a report and
/// a backtrace symbolized from this program's ELF. `fault [KIND]`:
/// null (default: read address 8), write (write to the text), gpf (hlt in
/// ring 3), ud (invalid opcode), kernel (read kernel memory), stack (runaway
/// recursion into the stack guard page), trap (a Swift bounds-check trap),
/// badptr (a system call with a pointer into the kernel).
@main struct Fault {
    static func main() {
        let kind = Task.arguments()
        print("fault: provoking '\(kind.isEmpty ? "null" : kind)'")
        flushOutput()
        switch kind {
        case "", "null": _ = nullDereference(opaque(8))
        case "write": writeToText()
        case "gpf": Faults.privilegedInstruction()
        case "ud": Faults.invalidOpcode()
        case "kernel": _ = nullDereference(opaque(0x10_0000))
        case "stack": _ = recurse(opaque(1))
        case "trap": _ = outOfBounds(opaque(7))
        case "badptr": badPointer()
        default: print("fault: unknown kind '\(kind)'"); Task.exit(2)
        }
        print("fault: still alive (the fault did not happen)")
        Task.exit(1)
    }

    @inline(never) static func nullDereference(_ address: UInt) -> UInt64 {
        UnsafePointer<UInt64>(bitPattern: address)!.pointee
    }

    @inline(never) static func writeToText() {
        // The first page of the program's text: mapped R+X.
        UnsafeMutablePointer<UInt8>(bitPattern: opaque(Faults.textStart))!.pointee = 0xCC
    }

    @inline(never) static func recurse(_ depth: Int) -> Int {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { buffer in
            buffer.initialize(repeating: UInt8(truncatingIfNeeded: depth))
            return recurse(depth &+ 1) &+ Int(buffer[depth & 1023])
        }
    }

    @inline(never) static func outOfBounds(_ index: Int) -> Int {
        let values = [1, 2, 3]
        return values[index]
    }

    @inline(never) static func badPointer() {
        _ = Syscall.raw(.write, UInt64(Handle.console.raw), 0x10_0000, 16)
    }

    @inline(never) static func opaque<T>(_ value: T) -> T { withExtendedLifetime(value) { value } }
}
