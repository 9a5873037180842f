@_exported import KeelABI

@_extern(c, "keel_syscall")
func keel_syscall(_ number: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64,
                  _ a4: UInt64, _ a5: UInt64, _ a6: UInt64) -> Int64

/// The raw system call: number and up to six arguments (docs/syscalls.md).
public enum Syscall {
    @inline(__always)
    public static func raw(_ number: UInt64, _ a1: UInt64 = 0, _ a2: UInt64 = 0, _ a3: UInt64 = 0,
                           _ a4: UInt64 = 0, _ a5: UInt64 = 0, _ a6: UInt64 = 0) -> Int64 {
        keel_syscall(number, a1, a2, a3, a4, a5, a6)
    }

    /// A call whose negative results are errors.
    @inline(__always)
    public static func call(_ number: SyscallNumber, _ a1: UInt64 = 0, _ a2: UInt64 = 0, _ a3: UInt64 = 0,
                            _ a4: UInt64 = 0, _ a5: UInt64 = 0, _ a6: UInt64 = 0) throws(SyscallError) -> UInt64 {
        try check(keel_syscall(number.rawValue, a1, a2, a3, a4, a5, a6))
    }

    /// Raw calls made inside `withUnsafe…` closures (which cannot throw a
    /// typed error) are checked afterwards.
    @inline(__always)
    public static func raw(_ number: SyscallNumber, _ a1: UInt64 = 0, _ a2: UInt64 = 0, _ a3: UInt64 = 0,
                           _ a4: UInt64 = 0, _ a5: UInt64 = 0, _ a6: UInt64 = 0) -> Int64 {
        keel_syscall(number.rawValue, a1, a2, a3, a4, a5, a6)
    }

    @inline(__always)
    public static func check(_ result: Int64) throws(SyscallError) -> UInt64 {
        if result < 0 { throw SyscallError(rawValue: result) ?? .badSyscall }
        return UInt64(result)
    }
}

@inline(__always)
func address(_ p: UnsafeRawPointer?) -> UInt64 { UInt64(UInt(bitPattern: p)) }
