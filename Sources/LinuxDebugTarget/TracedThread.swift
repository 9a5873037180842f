import Glibc

/// What the debugger asked one thread to do on the next resume.
public enum ThreadRequest: Equatable {
    case stay
    case `continue`(signal: Int32)
    case step(signal: Int32)
}

/// One traced thread (a Linux task) of the process.
struct TracedThread {
    let tid: pid_t
    /// In a ptrace-stop (we may read and write its registers).
    var isStopped = true
    /// An event received while stopping every thread, reported (or handled)
    /// on the next resume instead of resuming the thread.
    var pendingStatus: WaitStatus?
    /// SIGSTOPs sent by us (stop-all, interrupt) or implied (attach, clone)
    /// whose stops are still to come; those stops are not the program's.
    var expectedStops = 0
    /// Created by clone and not yet seen stopped: needs the debug registers.
    var isNew = false
    /// Between a syscall-entry stop and its syscall-exit stop.
    var inSyscall = false
    /// The last resume request, reused when the thread is resumed internally.
    var request: ThreadRequest = .stay
    /// Register caches, dropped whenever the thread runs.
    var general: user_regs_struct?
    var floating: user_fpregs_struct?

    init(tid: pid_t) { self.tid = tid }
}
