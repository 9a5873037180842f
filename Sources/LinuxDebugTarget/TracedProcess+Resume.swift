import CPtrace
import GDBStub
import Glibc

extension TracedProcess {
    /// Resumes threads as the debugger asked. A kept event of a thread
    /// that would run is handled first: if it must be reported, nothing runs
    /// and `queuedStop` holds it.
    public func resume(_ requests: [pid_t: ThreadRequest]) throws(TargetError) {
        // A process that died while stopped (killed from outside) reports
        // its end as the answer to this resume.
        guard !hasEnded else { return }
        for tid in order {
            threads[tid]?.request = requests[tid] ?? .stay
        }
        for tid in order {
            guard let thread = threads[tid], thread.request != .stay, let status = thread.pendingStatus else { continue }
            threads[tid]?.pendingStatus = nil
            if let stop = handle(tid, status, wasPending: true) {
                queuedStop = stop
                report(stop, thread: tid)
                return
            }
        }
        for tid in order {
            guard let thread = threads[tid], thread.isStopped, thread.request != .stay else { continue }
            resumeThread(tid)
        }
    }

    /// Resumes one stopped thread as its request says (continuing becomes
    /// PTRACE_SYSCALL while syscalls are caught).
    func resumeThread(_ tid: pid_t, signal overriding: Int32? = nil) {
        guard var thread = threads[tid], thread.isStopped else { return }
        let request: PtraceRequest
        var signal: Int32
        switch thread.request {
        case .stay: return
        case .continue(let s):
            request = caughtSyscalls != nil ? .syscall : .cont
            signal = s
        case .step(let s):
            request = .singleStep
            signal = s
        }
        if let overriding { signal = overriding }
        // A signal is delivered once; an internal resume later passes none.
        switch thread.request {
        case .continue: thread.request = .continue(signal: 0)
        case .step: thread.request = .step(signal: 0)
        case .stay: break
        }
        thread.general = nil
        thread.floating = nil
        thread.isStopped = false
        threads[tid] = thread
        do {
            try Ptrace.call(request, tid, 0, UInt(signal))
        } catch {
            // ESRCH: it died meanwhile; its exit status comes through waitpid.
        }
    }

    /// Stops every other thread and records the stop.
    func report(_ stop: StopReason, thread tid: pid_t) {
        if !stop.hasEnded {
            stopAll()
            eventThread = threads[tid] != nil ? tid : (order.first ?? pid)
            generalThread = eventThread
        }
        lastStop = stop
    }

    /// SIGSTOPs every running thread and waits until each one stops.
    func stopAll() {
        let running = order.filter { threads[$0]?.isStopped == false }
        for tid in running {
            if keel_tgkill(pid, tid, SIGSTOP) == 0 { threads[tid]?.expectedStops += 1 }
        }
        for tid in running {
            while threads[tid]?.isStopped == false, let (_, status) = waitForThread(tid, block: true) {
                switch status {
                case .exited, .signaled:
                    removeThread(tid)
                    if tid == pid { markEnded(status) }
                case .stopped(SIGSTOP, nil) where (threads[tid]?.expectedStops ?? 0) > 0:
                    threads[tid]?.expectedStops -= 1
                    threads[tid]?.isStopped = true
                case .stopped(_, .fork?) where family.reportedEvents.contains(.fork),
                     .stopped(_, .vfork?) where family.reportedEvents.contains(.vfork):
                    // Reported on the next resume, like any kept event.
                    threads[tid]?.isStopped = true
                    threads[tid]?.pendingStatus = status
                case .stopped(_, .clone?), .stopped(_, .fork?), .stopped(_, .vfork?):
                    // Taken care of now (as gdbserver does), so the new
                    // thread is listed and stopped with the others; the
                    // parent stays stopped, and our SIGSTOP is still to come.
                    threads[tid]?.isStopped = true
                    absorbEventWhileStopping(tid, status)
                case .syscallStop where caughtSyscalls == nil:
                    threads[tid]?.inSyscall.toggle()
                    threads[tid]?.isStopped = true
                default:
                    threads[tid]?.isStopped = true
                    threads[tid]?.pendingStatus = status
                }
            }
        }
    }

    func absorbEventWhileStopping(_ tid: pid_t, _ status: WaitStatus) {
        guard case .stopped(_, let event?) = status, let message = try? Ptrace.eventMessage(tid) else { return }
        let child = pid_t(truncatingIfNeeded: message)
        if event != .clone {
            releaseForkChild(child)
            return
        }
        // The new thread starts with a SIGSTOP of its own.
        if family.earlyStatuses.removeValue(forKey: child) == nil {
            _ = waitForThread(child, block: true)
        }
        threads[child] = TracedThread(tid: child)
        order.append(child)
        applyDebugRegisters(to: child)
    }

    /// A fork kept for the next resume has a child stopped and traced by us
    /// that nobody knows yet: when the parent is killed or let go, so is it
    /// (no stray stopped process).
    func settlePendingForks(killing: Bool) {
        for tid in order {
            guard case .stopped(_, let event?)? = threads[tid]?.pendingStatus, event == .fork || event == .vfork,
                  let message = try? Ptrace.eventMessage(tid) else { continue }
            threads[tid]?.pendingStatus = nil
            let child = pid_t(truncatingIfNeeded: message)
            guard killing else {
                releaseForkChild(child)
                continue
            }
            kill(child, SIGKILL)
            family.earlyStatuses[child] = nil
            while let (_, status) = waitForThread(child, block: true) {
                if case .exited = status { break }
                if case .signaled = status { break }
            }
        }
    }

    /// gdb's 0x03: stop the process; the stop is reported as SIGINT.
    public func interrupt() {
        guard !hasEnded else { return }
        interruptRequested = true
        guard let tid = order.first(where: { threads[$0]?.isStopped == false }) else { return }
        if keel_tgkill(pid, tid, SIGSTOP) == 0 { threads[tid]?.expectedStops += 1 }
    }

    func markEnded(_ status: WaitStatus) {
        hasEnded = true
        switch status {
        case .exited(let code): lastStop = .exited(UInt8(truncatingIfNeeded: code))
        case .signaled(let signal): lastStop = .terminated(LinuxSignalNumbers.gdbSignal(fromLinux: signal))
        default: break
        }
        threads.removeAll()
        order.removeAll()
    }

    /// Kills the process and reaps every thread (no zombie is left). Waits
    /// for this process's tasks only: other debugged processes' statuses
    /// stay for their owners.
    public func killProcess() {
        guard !hasEnded else { return }
        settlePendingForks(killing: true)
        kill(pid, SIGKILL)
        for tid in order where tid != pid { _ = try? Ptrace.call(.kill, tid) }
        // The leader's end is reported once every other thread is reaped.
        for tid in order.filter({ $0 != pid }) + [pid] {
            while let (_, status) = waitForThread(tid, block: true) {
                if case .exited = status { if tid == pid { markEnded(status) }; break }
                if case .signaled = status { if tid == pid { markEnded(status) }; break }
            }
        }
        hasEnded = true
        threads.removeAll()
        order.removeAll()
    }

    /// Takes the int3s and debug registers out and lets every thread run
    /// on untraced, delivering nothing (kept SIGSTOPs are swallowed first).
    public func detach() {
        guard !hasEnded else { return }
        settlePendingForks(killing: false)
        for (address, original) in breakpoints { _ = writeRaw(at: address, [original]) }
        breakpoints.removeAll()
        debugRegisters = DebugRegisterSlots()
        for tid in order {
            _ = try? Ptrace.setDebugRegister(tid, 7, 0)
            var signal: Int32 = 0
            if let status = threads[tid]?.pendingStatus, case .stopped(let s, nil) = status,
               s != SIGSTOP, s != SIGTRAP {
                signal = s
            }
            _ = try? Ptrace.call(.detach, tid, 0, UInt(signal))
        }
        // A SIGSTOP of ours still queued (counted, or one in flight when the
        // detach raced the interruption on a loaded host) would leave the
        // process stopped: it was running when we attached, so it runs on.
        kill(pid, SIGCONT)
        hasEnded = true
        threads.removeAll()
        order.removeAll()
    }
}
