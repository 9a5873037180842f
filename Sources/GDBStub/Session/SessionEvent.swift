/// Where a session stands with its target.
public enum SessionState: Equatable, Sendable {
    /// Stopped: gdb's packets are answered.
    case stopped
    /// Running after `c`/`s`/`vCont`: only 0x03 and acks matter, and a stop
    /// reply is owed.
    case running
    /// No debugger (not yet attached, or after `D`/`k`): the target runs.
    case detached
}

/// What a session needs its caller to do after a byte.
public enum SessionEvent: Equatable, Sendable {
    /// The target was told to resume: let it run, and call `reportStop`
    /// when it stops.
    case resumed
    /// The debugger wants the target stopped (0x03 while running, or a packet
    /// from a newly connected debugger): stop it, then call `reportStop`
    /// before feeding further bytes.
    case stopRequested
    /// gdb detached; the target was told to run on (`D`).
    case detached
    /// gdb killed the target (`k`).
    case killed
    /// The target reported a fatal error; the session is detached.
    case failed
}
