import CPtrace
import Glibc
import LinuxDebugTarget

/// What `kdbg trace` was asked to do.
public struct TraceOptions {
    public var followForks = false
    /// Syscall numbers to show; nil for all.
    public var filter: Set<UInt64>?
    public var showDurations = false
    public var summaryOnly = false
    public var stringLimit = 32

    public init() {}
}

/// Memory of a tracee through process_vm_readv (/proc/PID/mem for pages
/// the process cannot read itself).
struct ProcessMemory: TraceeMemory {
    let pid: pid_t

    func read(_ address: UInt64, count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var n = bytes.withUnsafeMutableBytes { keel_vm_read(pid, $0.baseAddress, count, address) }
        if n <= 0 {
            let fd = open("/proc/\(pid)/mem", O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(Int64(bitPattern: address))) }
                close(fd)
            }
        }
        return n > 0 ? Array(bytes[0..<n]) : []
    }
}

/// strace-like tracing over ptrace: syscall-entry and -exit stops
/// (PTRACE_SYSCALL with TRACESYSGOOD), signals, exits, and with
/// `followForks` every new thread and child (TRACECLONE/FORK/VFORK).
public final class SyscallTracer {
    struct Tracee {
        var inSyscall = false
        var number: UInt64 = 0
        var args: [UInt64] = []
        var entryText: [String?] = []
        var entryTime: Double = 0
        /// A new child's first SIGSTOP is ours, not the program's.
        var expectingStop = false
        /// Its entry was shown `<unfinished ...>`: the exit is a `<... resumed>` line.
        var unfinished = false
        /// A call that never returns (exit_group), shown whole at its entry.
        var shownAtEntry = false
    }

    /// The call whose entry strace would have printed last and whose exit
    /// has not come yet, with the `[pid N]` it had then: printed whole if
    /// its exit is the next line, `<unfinished ...>` if another line comes
    /// first (strace -f).
    var openCall: (tid: pid_t, pid: Int32?)?

    let options: TraceOptions
    let formatter: ArgumentFormatter
    let emit: (String) -> Void
    var tracees: [pid_t: Tracee] = [:]
    /// Children whose first stop came before the parent's event.
    var earlyChildren: Set<pid_t> = []
    var mainPid: pid_t = 0
    var mainStatus: Int32 = 0
    public private(set) var summary = SyscallSummary()
    /// Set (from a signal handler's flag) to detach and stop.
    public var shouldStop: () -> Bool = { false }
    /// Where `Process N attached/detached` go: stderr with `-o`, like strace's.
    public lazy var notice: (String) -> Void = emit

    public init(options: TraceOptions, emit: @escaping (String) -> Void) {
        self.options = options
        self.formatter = ArgumentFormatter(stringLimit: options.stringLimit)
        self.emit = emit
    }

    var ptraceOptions: PtraceOptions {
        var o: PtraceOptions = [.traceSysGood, .traceExec]
        if options.followForks { o.formUnion([.traceClone, .traceFork, .traceVFork]) }
        return o
    }

    /// Starts `arguments` traced and runs it to the end; returns strace's
    /// exit status (the program's, or 128 + signal).
    public func run(_ arguments: [String]) throws(LaunchError) -> Int32 {
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArguments.append(nil)
        defer { cArguments.forEach { free($0) } }
        let pid = keel_spawn_traced(arguments[0], &cArguments, 0)
        guard pid > 0 else {
            throw LaunchError("cannot run '\(arguments[0])': \(String(cString: strerror(-pid)))")
        }
        guard let (_, status) = waitForThread(pid, block: true), case .stopped(SIGTRAP, _) = status else {
            throw LaunchError("cannot run '\(arguments[0])': it did not stop at exec")
        }
        _ = try? Ptrace.call(.setOptions, pid, 0, ptraceOptions.union(.exitKill).rawValue)
        mainPid = pid
        tracees[pid] = Tracee()
        // The execve that started the program was before tracing; strace
        // shows it, from the arguments we gave it.
        if passes(59) {
            let argv = "[" + arguments.map { formatter.quote(Array($0.utf8.prefix(options.stringLimit)),
                                                             truncated: $0.utf8.count > options.stringLimit) }
                .joined(separator: ", ") + "]"
            var environmentCount = 0
            while environ[environmentCount] != nil { environmentCount += 1 }
            let line = SyscallLine(name: "execve", arguments: [formatter.quote(Array(arguments[0].utf8), truncated: false),
                                   argv, "0x\(String(UInt(bitPattern: environ), radix: 16)) /* \(environmentCount) vars */"],
                                   result: 0)
            if !options.summaryOnly { emit(line.text) }
            if options.summaryOnly { summary.add("execve", seconds: 0, failed: false) }
        }
        resume(pid)
        return loop()
    }

    /// Attaches to every thread of `pid` (PTRACE_SEIZE, then an interrupt
    /// to start syscall tracing); runs until it ends or `shouldStop`.
    public func attach(_ pid: pid_t) throws(LaunchError) -> Int32 {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else {
            throw LaunchError("cannot attach to process \(pid): no such process")
        }
        guard pid != getpid() else { throw LaunchError("cannot attach to process \(pid): it is this tracer") }
        mainPid = pid
        let tids = options.followForks ? ProcFiles.threads(of: pid) : [pid]
        for tid in tids {
            do {
                try Ptrace.call(.seize, tid, 0, ptraceOptions.rawValue)
                try Ptrace.call(.interrupt, tid)
            } catch {
                if tid == pid {
                    throw LaunchError("cannot attach to process \(pid): \(String(cString: strerror(error.errno)))")
                }
                continue
            }
            tracees[tid] = Tracee()
            notice("kdbg trace: Process \(tid) attached")
        }
        return loop()
    }

    func passes(_ number: UInt64) -> Bool { options.filter?.contains(number) ?? true }

    func resume(_ tid: pid_t, signal: Int32 = 0) {
        _ = try? Ptrace.call(.syscall, tid, 0, UInt(signal))
    }

    func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// strace prefixes lines with `[pid N]` while more than one task is
    /// traced (a new one counts from its first stop, as in strace).
    func prefix(_ tid: pid_t) -> Int32? { seenTracees > 1 ? tid : nil }

    var seenTracees: Int { tracees.values.count { !$0.expectingStop } }

    /// Prints a line, first ending the open call's entry as `<unfinished ...>`.
    func output(_ line: String) {
        closeOpenCall()
        emit(line)
    }

    func closeOpenCall() {
        guard let open = openCall else { return }
        openCall = nil
        guard let tracee = tracees[open.tid], tracee.inSyscall else { return }
        let signature = SyscallTable.signature(tracee.number)
        let known = tracee.entryText.prefix { $0 != nil }.map { $0 ?? "" }
        emit(SyscallLine.unfinished(pid: open.pid, name: signature.name, entryArguments: known,
                                    more: known.count < tracee.entryText.count))
        tracees[open.tid]?.unfinished = true
    }

    /// The `[pid N]` of a finished call's line: the one its entry had when
    /// it is printed whole, the current one for `<... resumed>`.
    func finishedCall(_ tid: pid_t, _ tracee: Tracee, arguments: [String]) -> (pid: Int32?, arguments: [String]) {
        if let open = openCall, open.tid == tid, !tracee.unfinished {
            openCall = nil
            return (open.pid, arguments)
        }
        // Another task's call was entered since: its entry is cut short first.
        closeOpenCall()
        if tracee.unfinished {
            let known = tracee.entryText.prefix { $0 != nil }.count
            return (prefix(tid), Array(arguments.dropFirst(known)))
        }
        return (prefix(tid), arguments)
    }

    func loop() -> Int32 {
        while !tracees.isEmpty {
            if shouldStop() {
                detachAll()
                break
            }
            var status: Int32 = 0
            let tid = waitpid(-1, &status, keel_wall())
            if tid < 0 {
                if errno == EINTR { continue }
                break
            }
            handle(tid, WaitStatus(status))
        }
        return mainStatus
    }

    func handle(_ tid: pid_t, _ status: WaitStatus) {
        guard tracees[tid] != nil else {
            // A new child before its parent's fork event (or not ours).
            earlyChildren.insert(tid)
            return
        }
        switch status {
        case .exited(let code):
            finishUnreturned(tid)
            if !options.summaryOnly { output(prefixed(tid, "+++ exited with \(code) +++")) }
            tracees[tid] = nil
            if tid == mainPid { mainStatus = code }
        case .signaled(let signal):
            finishUnreturned(tid)
            if !options.summaryOnly { output(prefixed(tid, "+++ killed by \(ValueNames.signal(Int64(signal))) +++")) }
            tracees[tid] = nil
            if tid == mainPid { mainStatus = 128 + signal }
        case .syscallStop:
            syscallStop(tid)
            resume(tid)
        case .stopped(_, let event?):
            switch event {
            case .clone, .fork, .vfork:
                if let message = try? Ptrace.eventMessage(tid) {
                    let child = pid_t(truncatingIfNeeded: message)
                    var tracee = Tracee()
                    if earlyChildren.remove(child) != nil {
                        notice("kdbg trace: Process \(child) attached")
                        resume(child)
                    } else {
                        tracee.expectingStop = true
                    }
                    tracees[child] = tracee
                }
            case .stop:
                // PTRACE_INTERRUPT (attach), a group-stop under SEIZE, or
                // the first stop of a child of a seized process.
                if tracees[tid]?.expectingStop == true {
                    notice("kdbg trace: Process \(tid) attached")
                    tracees[tid]?.expectingStop = false
                }
            default:
                break
            }
            resume(tid)
        case .stopped(let signal, nil):
            if signal == SIGSTOP && tracees[tid]?.expectingStop == true {
                // strace says so at the child's first stop.
                notice("kdbg trace: Process \(tid) attached")
                tracees[tid]?.expectingStop = false
                resume(tid)
                return
            }
            if !options.summaryOnly { output(prefixed(tid, signalLine(tid, signal))) }
            resume(tid, signal: signal)
        }
    }

    func prefixed(_ tid: pid_t, _ text: String) -> String {
        SyscallLine.prefix(prefix(tid)) + text
    }

    /// `--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=1, si_uid=0} ---`
    func signalLine(_ tid: pid_t, _ signal: Int32) -> String {
        let name = ValueNames.signal(Int64(signal))
        guard let info = try? Ptrace.signalInfo(tid) else { return "--- \(name) ---" }
        let code = info.si_code
        if signal == SIGCHLD, code >= 1, code <= 6 {
            // `{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=N, si_uid=0, si_status=42, si_utime=0, si_stime=0}`
            let child = info._sifields._sigchld
            let codeName = ["CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED"][Int(code) - 1]
            let status = code == 1 ? String(child.si_status) : ValueNames.signal(Int64(child.si_status))
            return "--- \(name) {si_signo=\(name), si_code=\(codeName), si_pid=\(child.si_pid), si_uid=\(child.si_uid), "
                + "si_status=\(status), si_utime=\(child.si_utime), si_stime=\(child.si_stime)} ---"
        }
        let codeName: String = switch code {
        case 0: "SI_USER"
        case 0x80: "SI_KERNEL"
        case -1: "SI_QUEUE"
        case -6: "SI_TKILL"
        default: String(code)
        }
        if code == 0 || code == -6 || code == -1 {
            let pid = info._sifields._kill.si_pid
            let uid = info._sifields._kill.si_uid
            return "--- \(name) {si_signo=\(name), si_code=\(codeName), si_pid=\(pid), si_uid=\(uid)} ---"
        }
        return "--- \(name) {si_signo=\(name), si_code=\(codeName)} ---"
    }

    func syscallStop(_ tid: pid_t) {
        guard var tracee = tracees[tid], let regs = try? Ptrace.getRegisters(tid) else { return }
        let memory = ProcessMemory(pid: tid)
        if !tracee.inSyscall {
            tracee.inSyscall = true
            tracee.number = regs.orig_rax
            tracee.args = [regs.rdi, regs.rsi, regs.rdx, regs.r10, regs.r8, regs.r9]
            tracee.entryTime = now()
            tracee.unfinished = false
            tracee.shownAtEntry = false
            if passes(tracee.number) && !options.summaryOnly {
                let signature = SyscallTable.signature(tracee.number)
                tracee.entryText = formatter.entry(signature, tracee.args, memory)
                if signature.noReturn {
                    // strace shows `exit_group(0) = ?` at once: nothing can come between.
                    output(SyscallLine(pid: prefix(tid), name: signature.name,
                                       arguments: tracee.entryText.map { $0 ?? "?" }, result: nil).text)
                    tracee.shownAtEntry = true
                } else {
                    closeOpenCall()
                    openCall = (tid, prefix(tid))
                }
            }
            tracees[tid] = tracee
            return
        }
        tracee.inSyscall = false
        tracees[tid] = tracee
        guard passes(tracee.number), !tracee.shownAtEntry else { return }
        let result = Int64(bitPattern: regs.rax)
        let elapsed = now() - tracee.entryTime
        let signature = SyscallTable.signature(tracee.number)
        if options.summaryOnly {
            summary.add(signature.name, seconds: elapsed, failed: result < 0 && result >= -4095)
            return
        }
        let arguments = formatter.exit(signature, tracee.args, entry: tracee.entryText, result: result, memory)
        let (pid, shown) = finishedCall(tid, tracee, arguments: arguments)
        var line = SyscallLine(pid: pid, name: signature.name, arguments: shown, result: result,
                               returnsAddress: signature.returnsAddress,
                               duration: options.showDurations ? elapsed : nil)
        line.resumed = tracee.unfinished
        emit(line.text)
    }

    /// A call in progress when the task ended (exit_group): `= ?`.
    func finishUnreturned(_ tid: pid_t) {
        guard let tracee = tracees[tid], tracee.inSyscall, passes(tracee.number), !tracee.shownAtEntry else { return }
        let signature = SyscallTable.signature(tracee.number)
        if options.summaryOnly {
            summary.add(signature.name, seconds: 0, failed: false)
            return
        }
        let (pid, shown) = finishedCall(tid, tracee, arguments: tracee.entryText.map { $0 ?? "?" })
        var line = SyscallLine(pid: pid, name: signature.name, arguments: shown, result: nil)
        line.resumed = tracee.unfinished
        emit(line.text)
    }

    /// Stops every tracee (PTRACE_INTERRUPT under SEIZE) and detaches it.
    func detachAll() {
        for tid in tracees.keys {
            _ = try? Ptrace.call(.interrupt, tid)
        }
        for tid in Array(tracees.keys) {
            if let (_, status) = waitForThread(tid, block: true) {
                var signal: Int32 = 0
                if case .stopped(let s, nil) = status, s != SIGSTOP, s != SIGTRAP { signal = s }
                _ = try? Ptrace.call(.detach, tid, 0, UInt(signal))
            }
            notice("kdbg trace: Process \(tid) detached")
            tracees[tid] = nil
        }
    }
}

