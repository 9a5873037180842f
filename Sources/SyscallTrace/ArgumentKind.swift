/// How one syscall argument is shown (strace's conventions).
public enum ArgumentKind: Equatable, Sendable {
    /// A C int: signed decimal of the low 32 bits (fds, counts).
    case int
    /// A C long: signed decimal of all 64 bits (offsets).
    case long
    /// Unsigned decimal (sizes, counts).
    case size
    /// Hex (addresses print `NULL` when 0).
    case pointer
    /// A plain hex number.
    case hex
    /// Octal with a leading 0 (file modes).
    case mode
    /// open's mode, shown only when the flags (argument `n`) have O_CREAT or O_TMPFILE.
    case createMode(flagsArgument: Int)
    /// A struct stat written by the call: `{st_mode=S_IFREG|0644, st_size=N, ...}`.
    case statOut
    /// A resource number (RLIMIT_STACK...).
    case resource
    /// A struct rlimit read at entry / written by the call.
    case rlimitIn
    case rlimitOut
    /// A file descriptor, or `AT_FDCWD` for -100 (the *at calls' dirfd).
    case dirfd
    /// A NUL-terminated string read at entry (paths).
    case path
    /// A buffer read at entry whose length is argument `n` (write's data).
    case inBuffer(lengthArgument: Int)
    /// A buffer read at exit whose length is the return value (read's data).
    case outBuffer
    /// open/openat flags (O_RDONLY|O_CREAT|...).
    case openFlags
    /// access/faccessat mode (F_OK or R_OK|W_OK|X_OK).
    case accessMode
    /// mmap/mprotect protection (PROT_READ|...).
    case mmapProtection
    /// mmap flags (MAP_PRIVATE|MAP_ANONYMOUS|...).
    case mmapFlags
    /// lseek whence (SEEK_SET...).
    case whence
    /// A signal number (SIGTERM...).
    case signal
    /// *at flags (AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH|...).
    case atFlags
    /// An argv/envp-style array of strings read at entry.
    case stringArray
    /// A two-int array written by the call (pipe's fds).
    case outIntPair
    /// rt_sigprocmask's how.
    case sigprocmaskHow
    /// arch_prctl's code.
    case archPrctlCode
    /// A wait status written by wait4: `[{WIFEXITED(s) && WEXITSTATUS(s) == 42}]`.
    case waitStatusOut
    /// wait4/waitid options (WNOHANG|__WALL|...).
    case waitOptions
}

/// A syscall's name and argument kinds.
public struct SyscallSignature: Sendable {
    public let name: String
    public let arguments: [ArgumentKind]
    /// Whether the return value is an address (printed in hex).
    public let returnsAddress: Bool
    /// Whether the call never returns on success (exit, exit_group).
    public let noReturn: Bool

    init(_ name: String, _ arguments: [ArgumentKind], returnsAddress: Bool = false, noReturn: Bool = false) {
        self.name = name
        self.arguments = arguments
        self.returnsAddress = returnsAddress
        self.noReturn = noReturn
    }
}
