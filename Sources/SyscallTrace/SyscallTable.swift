/// The x86_64 syscalls: names for every number, argument kinds for the
/// common ones (the rest print six hex arguments).
public enum SyscallTable {
    /// The name of syscall `number`, or `syscall_N` for an unassigned one.
    public static func name(_ number: UInt64) -> String {
        if number < UInt64(SyscallNames.x86_64.count), !SyscallNames.x86_64[Int(number)].isEmpty {
            return SyscallNames.x86_64[Int(number)]
        }
        return "syscall_\(number)"
    }

    /// The number of syscall `name`, nil when x86_64 has none.
    public static func number(_ name: String) -> UInt64? {
        SyscallNames.x86_64.firstIndex(of: name).map { UInt64($0) }
    }

    public static func signature(_ number: UInt64) -> SyscallSignature {
        let name = name(number)
        return known[name] ?? SyscallSignature(name, Array(repeating: .hex, count: 6))
    }

    static let known: [String: SyscallSignature] = {
        var table: [String: SyscallSignature] = [:]
        for s in signatures { table[s.name] = s }
        return table
    }()

    static let signatures: [SyscallSignature] = [
        SyscallSignature("read", [.int, .outBuffer, .size]),
        SyscallSignature("write", [.int, .inBuffer(lengthArgument: 2), .size]),
        SyscallSignature("pread64", [.int, .outBuffer, .size, .long]),
        SyscallSignature("pwrite64", [.int, .inBuffer(lengthArgument: 2), .size, .long]),
        SyscallSignature("open", [.path, .openFlags, .createMode(flagsArgument: 1)]),
        SyscallSignature("openat", [.dirfd, .path, .openFlags, .createMode(flagsArgument: 2)]),
        SyscallSignature("creat", [.path, .mode]),
        SyscallSignature("close", [.int]),
        SyscallSignature("stat", [.path, .statOut]),
        SyscallSignature("lstat", [.path, .statOut]),
        SyscallSignature("fstat", [.int, .statOut]),
        SyscallSignature("newfstatat", [.dirfd, .path, .statOut, .atFlags]),
        SyscallSignature("statx", [.dirfd, .path, .atFlags, .hex, .pointer]),
        SyscallSignature("lseek", [.int, .long, .whence]),
        SyscallSignature("mmap", [.pointer, .size, .mmapProtection, .mmapFlags, .int, .hex], returnsAddress: true),
        SyscallSignature("mprotect", [.pointer, .size, .mmapProtection]),
        SyscallSignature("munmap", [.pointer, .size]),
        SyscallSignature("brk", [.pointer], returnsAddress: true),
        SyscallSignature("access", [.path, .accessMode]),
        SyscallSignature("faccessat", [.dirfd, .path, .accessMode]),
        SyscallSignature("faccessat2", [.dirfd, .path, .accessMode, .atFlags]),
        SyscallSignature("pipe", [.outIntPair]),
        SyscallSignature("pipe2", [.outIntPair, .openFlags]),
        SyscallSignature("dup", [.int]),
        SyscallSignature("dup2", [.int, .int]),
        SyscallSignature("dup3", [.int, .int, .openFlags]),
        SyscallSignature("getpid", []),
        SyscallSignature("getppid", []),
        SyscallSignature("gettid", []),
        SyscallSignature("getuid", []),
        SyscallSignature("geteuid", []),
        SyscallSignature("getgid", []),
        SyscallSignature("getegid", []),
        SyscallSignature("sched_yield", []),
        SyscallSignature("fork", []),
        SyscallSignature("vfork", []),
        SyscallSignature("kill", [.int, .signal]),
        SyscallSignature("tgkill", [.int, .int, .signal]),
        SyscallSignature("tkill", [.int, .signal]),
        SyscallSignature("exit", [.int], noReturn: true),
        SyscallSignature("exit_group", [.int], noReturn: true),
        SyscallSignature("execve", [.path, .stringArray, .pointer]),
        SyscallSignature("wait4", [.int, .waitStatusOut, .waitOptions, .pointer]),
        SyscallSignature("chdir", [.path]),
        SyscallSignature("fchdir", [.int]),
        SyscallSignature("mkdir", [.path, .mode]),
        SyscallSignature("mkdirat", [.dirfd, .path, .mode]),
        SyscallSignature("rmdir", [.path]),
        SyscallSignature("unlink", [.path]),
        SyscallSignature("unlinkat", [.dirfd, .path, .atFlags]),
        SyscallSignature("rename", [.path, .path]),
        SyscallSignature("renameat", [.dirfd, .path, .dirfd, .path]),
        SyscallSignature("chmod", [.path, .mode]),
        SyscallSignature("fchmod", [.int, .mode]),
        SyscallSignature("readlink", [.path, .outBuffer, .size]),
        SyscallSignature("readlinkat", [.dirfd, .path, .outBuffer, .size]),
        SyscallSignature("symlink", [.path, .path]),
        SyscallSignature("truncate", [.path, .long]),
        SyscallSignature("ftruncate", [.int, .long]),
        SyscallSignature("fsync", [.int]),
        SyscallSignature("getcwd", [.outBuffer, .size]),
        SyscallSignature("umask", [.mode]),
        SyscallSignature("rt_sigprocmask", [.sigprocmaskHow, .pointer, .pointer, .size]),
        SyscallSignature("rt_sigaction", [.signal, .pointer, .pointer, .size]),
        SyscallSignature("rt_sigreturn", []),
        SyscallSignature("arch_prctl", [.archPrctlCode, .pointer]),
        SyscallSignature("set_tid_address", [.pointer]),
        SyscallSignature("ioctl", [.int, .hex, .pointer]),
        SyscallSignature("fcntl", [.int, .int, .hex]),
        SyscallSignature("nanosleep", [.pointer, .pointer]),
        SyscallSignature("clock_nanosleep", [.int, .int, .pointer, .pointer]),
        SyscallSignature("getrandom", [.pointer, .size, .hex]),
        SyscallSignature("prlimit64", [.int, .resource, .rlimitIn, .rlimitOut]),
        SyscallSignature("futex", [.pointer, .int, .int, .pointer, .pointer, .int]),
        SyscallSignature("set_robust_list", [.pointer, .size]),
        SyscallSignature("rseq", [.pointer, .hex, .int, .hex]),
        SyscallSignature("clone", [.hex, .pointer, .pointer, .pointer, .hex]),
        SyscallSignature("clone3", [.pointer, .size]),
        SyscallSignature("madvise", [.pointer, .size, .int]),
        SyscallSignature("socket", [.int, .int, .int]),
        SyscallSignature("connect", [.int, .pointer, .size]),
        SyscallSignature("sendto", [.int, .inBuffer(lengthArgument: 2), .size, .hex, .pointer, .size]),
        SyscallSignature("recvfrom", [.int, .outBuffer, .size, .hex, .pointer, .pointer]),
        SyscallSignature("getdents64", [.int, .pointer, .size]),
        SyscallSignature("uname", [.pointer]),
        SyscallSignature("sysinfo", [.pointer]),
        SyscallSignature("alarm", [.size]),
        SyscallSignature("pause", []),
        SyscallSignature("poll", [.pointer, .size, .int]),
        SyscallSignature("ppoll", [.pointer, .size, .pointer, .pointer, .size]),
        SyscallSignature("select", [.int, .pointer, .pointer, .pointer, .pointer]),
    ]
}
