import CPtrace
import GDBStub
import Glibc

/// Why starting or attaching failed, in words for the user.
public struct LaunchError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A Linux process under ptrace, all-stop: when one thread reports an
/// event every other thread is stopped too (SIGSTOP through tgkill, the
/// stop swallowed), events that arrive meanwhile are kept for later.
public final class TracedProcess {
    public let pid: pid_t
    /// Started by us (killed when the debugger leaves) or attached (detached).
    public let startedByUs: Bool
    var threads: [pid_t: TracedThread] = [:]
    /// Thread ids in creation order (the leader first).
    var order: [pid_t] = []
    /// Shared with the other processes of the session (forked children).
    let family: ProcessFamily
    /// Software breakpoints: address to the byte the int3 replaced.
    var breakpoints: [UInt64: UInt8] = [:]
    var debugRegisters = DebugRegisterSlots()
    /// QCatchSyscalls: nil when off; an empty set catches every syscall.
    var caughtSyscalls: Set<UInt64>?
    var interruptRequested = false
    /// A stop found while resuming (a kept event), reported without running.
    var queuedStop: StopReason?
    /// The thread whose event was reported last.
    public internal(set) var eventThread: pid_t
    /// The thread registers and `Hg` apply to.
    var generalThread: pid_t
    public internal(set) var lastStop: StopReason = .signal(.trap)
    /// Set once the whole process is gone.
    public internal(set) var hasEnded = false
    var memoryFile: Int32 = -1

    static let options: PtraceOptions = [.traceSysGood, .traceClone, .traceFork, .traceVFork, .traceVForkDone,
                                         .traceExec]

    init(pid: pid_t, startedByUs: Bool, threads tids: [pid_t], family: ProcessFamily) {
        self.pid = pid
        self.startedByUs = startedByUs
        self.family = family
        eventThread = pid
        generalThread = pid
        for tid in tids {
            threads[tid] = TracedThread(tid: tid)
            order.append(tid)
        }
        openMemory()
    }

    deinit {
        if memoryFile >= 0 { close(memoryFile) }
    }

    func openMemory() {
        if memoryFile >= 0 { close(memoryFile) }
        memoryFile = open("/proc/\(pid)/mem", O_RDWR | O_CLOEXEC)
    }

    /// Starts `arguments[0]` (looked up in PATH without a slash) stopped at
    /// its first instruction, with address-space randomization off unless
    /// `randomize` (gdbserver's default too).
    public static func launch(_ arguments: [String], randomize: Bool = false) throws(LaunchError) -> TracedProcess {
        try launch(arguments, randomize: randomize, family: ProcessFamily())
    }

    static func launch(_ arguments: [String], randomize: Bool, family: ProcessFamily) throws(LaunchError) -> TracedProcess {
        guard let program = arguments.first, !program.isEmpty else { throw LaunchError("no program to run") }
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArguments.append(nil)
        defer { cArguments.forEach { free($0) } }
        let pid = keel_spawn_traced(program, &cArguments, randomize ? 0 : 1)
        guard pid > 0 else {
            throw LaunchError("cannot run '\(program)': \(String(cString: strerror(-pid)))")
        }
        guard let (_, status) = waitForThread(pid, block: true) else {
            throw LaunchError("cannot run '\(program)': the child vanished")
        }
        guard case .stopped(SIGTRAP, _) = status else {
            throw LaunchError("cannot run '\(program)': it did not stop at exec (\(status))")
        }
        do {
            try Ptrace.call(.setOptions, pid, 0, (options.union(.exitKill)).rawValue)
        } catch {
            kill(pid, SIGKILL)
            _ = waitForThread(pid, block: true)
            throw LaunchError("cannot trace '\(program)': \(error)")
        }
        return TracedProcess(pid: pid, startedByUs: true, threads: [pid], family: family)
    }

    /// Attaches to every thread of process `pid` and stops it.
    public static func attach(_ pid: pid_t) throws(LaunchError) -> TracedProcess {
        try attach(pid, family: ProcessFamily())
    }

    static func attach(_ pid: pid_t, family: ProcessFamily) throws(LaunchError) -> TracedProcess {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else {
            throw LaunchError("cannot attach to process \(pid): no such process")
        }
        if pid == getpid() { throw LaunchError("cannot attach to process \(pid): it is this server") }
        var attached: [pid_t] = []
        var early: [pid_t: WaitStatus] = [:]
        // Threads can be created while we attach: repeat until none is new.
        while true {
            let tids = ProcFiles.threads(of: pid).filter { !attached.contains($0) }
            if tids.isEmpty { break }
            for tid in tids {
                do {
                    try Ptrace.call(.attach, tid)
                } catch {
                    if attached.isEmpty {
                        throw LaunchError("cannot attach to process \(pid): \(String(cString: strerror(error.errno)))")
                    }
                    continue  // the thread just exited
                }
                attached.append(tid)
                // The attach's SIGSTOP; any other first stop is kept for later.
                if let (_, status) = waitForThread(tid, block: true) {
                    switch status {
                    case .stopped(SIGSTOP, nil), .exited, .signaled: break
                    default: early[tid] = status
                    }
                }
            }
        }
        guard !attached.isEmpty else { throw LaunchError("cannot attach to process \(pid): no threads") }
        for tid in attached { _ = try? Ptrace.call(.setOptions, tid, 0, options.rawValue) }
        let process = TracedProcess(pid: pid, startedByUs: false, threads: attached, family: family)
        for (tid, status) in early { process.threads[tid]?.pendingStatus = status }
        process.lastStop = .signal(LinuxSignalNumbers.gdbSignal(fromLinux: SIGSTOP))
        return process
    }

    /// Thread ids, leader first.
    public var threadIDs: [pid_t] { order }

    func isAlive(_ tid: pid_t) -> Bool { threads[tid] != nil }

    var hasRunningThreads: Bool { threads.values.contains { !$0.isStopped } }

    func removeThread(_ tid: pid_t) {
        threads[tid] = nil
        order.removeAll { $0 == tid }
    }
}
