/// Which kind of watchpoint triggered (`watch`, `rwatch`, `awatch` in a `T`
/// stop reply; `Z2`, `Z3`, `Z4`).
public enum WatchKind: UInt8, Equatable, Sendable {
    case write = 2
    case read = 3
    case access = 4
}

/// Why the target stopped, as a stop reply says it (GDB manual, E.3 "Stop
/// Reply Packets"). A trap with a known cause carries it, so the session can
/// report `swbreak`/`hwbreak`/`watch` when gdb asked for them.
public enum StopReason: Equatable, Sendable {
    /// Stopped by a signal: `S xx`, or `T xx` with no further cause.
    case signal(GDBSignal)
    /// Stopped at a software breakpoint (`T05` with `swbreak:;`).
    case softwareBreakpoint
    /// Stopped at a hardware breakpoint (`T05` with `hwbreak:;`).
    case hardwareBreakpoint
    /// A watchpoint on `address` triggered (`T05` with `watch:addr;` etc.).
    case watchpoint(WatchKind, address: UInt64)
    /// A caught syscall (`QCatchSyscalls`) is entered (`T05` with `syscall_entry:nn;`).
    case syscallEntry(UInt64)
    /// A caught syscall returns (`T05` with `syscall_return:nn;`).
    case syscallReturn(UInt64)
    /// A thread forked: the new process `pid` (thread `thread`) is stopped
    /// and debugged too until gdb detaches it (`T05` with `fork:pPID.TID;`).
    case forked(pid: UInt64, thread: UInt64)
    /// Likewise for vfork (`vfork:pPID.TID;`): the parent waits for the child.
    case vforked(pid: UInt64, thread: UInt64)
    /// The vfork child left the parent's memory (`vforkdone:;`).
    case vforkDone
    /// The process executed a new program (`exec:HEXPATH;`; the session
    /// asks the target for the path).
    case execed
    /// The program exited with a status (`W xx`).
    case exited(UInt8)
    /// The program was ended by a signal (`X xx`).
    case terminated(GDBSignal)

    /// The signal number the reply carries.
    public var signal: GDBSignal {
        switch self {
        case .signal(let signal), .terminated(let signal): return signal
        case .softwareBreakpoint, .hardwareBreakpoint, .watchpoint, .syscallEntry, .syscallReturn,
             .forked, .vforked, .vforkDone, .execed:
            return .trap
        case .exited(let status): return GDBSignal(status)
        }
    }

    /// Whether the program is gone (`W`/`X`) rather than stopped.
    public var hasEnded: Bool {
        switch self {
        case .exited, .terminated: return true
        default: return false
        }
    }
}
