/// The system calls gdb catches (`QCatchSyscalls:1;…`): all, or a set of
/// numbers. Keel's numbers are the Linux-compatible 0-63 and its own
/// 1000-1063 (SyscallNumber), one bit each; gdb may name others, which no
/// task can make.
struct CaughtSyscalls {
    var enabled = false
    var all = false
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    mutating func insert(_ number: UInt64) {
        if number < 64 { low |= 1 << number }
        if number >= 1000 && number < 1064 { high |= 1 << (number - 1000) }
    }

    func contains(_ number: UInt64) -> Bool {
        guard enabled else { return false }
        if all { return true }
        if number < 64 { return low & (1 << number) != 0 }
        if number >= 1000 && number < 1064 { return high & (1 << (number - 1000)) != 0 }
        return false
    }
}
