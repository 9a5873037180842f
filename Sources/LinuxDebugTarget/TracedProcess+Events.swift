import CPtrace
import GDBStub
import Glibc

extension TracedProcess {
    /// Handles one wait status of task `tid`. Returns the stop to report to
    /// the debugger, or nil when the event was internal (the thread was
    /// resumed, or removed).
    func handle(_ tid: pid_t, _ status: WaitStatus, wasPending: Bool) -> StopReason? {
        guard threads[tid] != nil else {
            family.earlyStatuses[tid] = status
            return nil
        }
        threads[tid]?.isStopped = true
        threads[tid]?.general = nil
        threads[tid]?.floating = nil
        switch status {
        case .exited, .signaled:
            removeThread(tid)
            if tid == pid || order.isEmpty {
                markEnded(status)
                return lastStop
            }
            return nil
        case .syscallStop:
            return syscallStop(tid)
        case .stopped(let signal, let event?):
            return ptraceEvent(tid, signal: signal, event: event)
        case .stopped(SIGSTOP, nil) where (threads[tid]?.expectedStops ?? 0) > 0:
            threads[tid]?.expectedStops -= 1
            if threads[tid]?.isNew == true {
                threads[tid]?.isNew = false
                applyDebugRegisters(to: tid)
            }
            if interruptRequested {
                interruptRequested = false
                return .signal(.interrupt)
            }
            resumeThread(tid)
            return nil
        case .stopped(SIGTRAP, nil):
            return trap(tid, wasPending: wasPending)
        case .stopped(let signal, nil):
            return .signal(LinuxSignalNumbers.gdbSignal(fromLinux: signal))
        }
    }

    func syscallStop(_ tid: pid_t) -> StopReason? {
        guard var thread = threads[tid] else { return nil }
        thread.inSyscall.toggle()
        let entering = thread.inSyscall
        threads[tid] = thread
        if let caught = caughtSyscalls, let regs = try? generalRegisters(tid) {
            let number = regs.orig_rax
            if caught.isEmpty || caught.contains(number) {
                return entering ? .syscallEntry(number) : .syscallReturn(number)
            }
        }
        resumeThread(tid)
        return nil
    }

    func ptraceEvent(_ tid: pid_t, signal: Int32, event: PtraceEvent) -> StopReason? {
        switch event {
        case .clone:
            guard let message = try? Ptrace.eventMessage(tid) else { break }
            let child = pid_t(truncatingIfNeeded: message)
            var thread = TracedThread(tid: child)
            if let early = family.earlyStatuses.removeValue(forKey: child), case .stopped(SIGSTOP, _) = early {
                threads[child] = thread
                order.append(child)
                applyDebugRegisters(to: child)
                let request = threads[tid]?.request ?? .stay
                threads[child]?.request = request
                resumeThread(child)
            } else {
                thread.isStopped = false
                thread.isNew = true
                thread.expectedStops = 1
                thread.request = threads[tid]?.request ?? .stay
                threads[child] = thread
                order.append(child)
            }
        case .fork, .vfork:
            guard let message = try? Ptrace.eventMessage(tid) else { break }
            let child = pid_t(truncatingIfNeeded: message)
            if family.reportedEvents.contains(event == .fork ? .fork : .vfork) {
                adoptForkChild(child)
                let id = UInt64(child)
                return event == .fork ? .forked(pid: id, thread: id) : .vforked(pid: id, thread: id)
            }
            releaseForkChild(child)
        case .vforkDone where family.reportedEvents.contains(.vfork):
            return .vforkDone
        case .exec:
            // A new program: the old image's breakpoints are gone and every
            // other thread was ended by the kernel.
            breakpoints.removeAll()
            for other in order where other != pid { removeThread(other) }
            if threads[pid] == nil {
                threads[pid] = TracedThread(tid: pid)
                order = [pid]
            }
            openMemory()
            applyDebugRegisters(to: pid)
            return family.reportedEvents.contains(.exec) ? .execed : .signal(.trap)
        case .vforkDone, .exit, .stop:
            break
        }
        resumeThread(tid)
        return nil
    }

    /// A forked child the debugger wants (it asked for fork events): traced
    /// and stopped like its parent, with the parent's int3s in its copy of
    /// the memory (gdb takes them out before detaching it) and its debug
    /// registers. The target takes it in from `family.newborns`.
    func adoptForkChild(_ child: pid_t) {
        if family.earlyStatuses.removeValue(forKey: child) == nil {
            _ = waitForThread(child, block: true)
        }
        let process = TracedProcess(pid: child, startedByUs: startedByUs, threads: [child], family: family)
        process.breakpoints = breakpoints
        process.debugRegisters = debugRegisters
        process.applyDebugRegisters(to: child)
        process.lastStop = .signal(LinuxSignalNumbers.gdbSignal(fromLinux: SIGSTOP))
        family.newborns.append(process)
    }

    /// A forked child inherits our int3s but is not debugged (gdb's default
    /// `detach-on-fork`): restore its bytes and let it go.
    func releaseForkChild(_ child: pid_t) {
        if family.earlyStatuses.removeValue(forKey: child) == nil {
            _ = waitForThread(child, block: true)
        }
        let fd = open("/proc/\(child)/mem", O_RDWR | O_CLOEXEC)
        if fd >= 0 {
            for (address, original) in breakpoints {
                var byte = original
                _ = pwrite(fd, &byte, 1, off_t(Int64(bitPattern: address)))
            }
            close(fd)
        }
        _ = try? Ptrace.setDebugRegister(child, 7, 0)
        _ = try? Ptrace.call(.detach, child)
    }

    /// SIGTRAP: a software breakpoint (si_code SI_KERNEL, pc after the
    /// int3), a debug-register hit or a single step (DR6), or a plain signal.
    func trap(_ tid: pid_t, wasPending: Bool) -> StopReason? {
        let info = try? Ptrace.signalInfo(tid)
        let code = info?.si_code ?? 0
        if code == 0x80 /* SI_KERNEL */, var regs = try? generalRegisters(tid) {
            let address = regs.rip &- 1
            if breakpoints[address] != nil || wasPending {
                regs.rip = address
                try? setGeneralRegisters(tid, regs)
                if breakpoints[address] == nil {
                    // A kept hit of a breakpoint gdb has removed since: moot.
                    resumeThread(tid)
                    return nil
                }
                return .softwareBreakpoint
            }
            return .signal(.trap)
        }
        // Without a debug register in use DR6 cannot name a hit: a single step
        // then costs no PEEKUSER/POKEUSER pair.
        guard debugRegisters.slots.contains(where: { $0 != nil }) else { return .signal(.trap) }
        let dr6 = (try? Ptrace.debugRegister(tid, 6)) ?? 0
        _ = try? Ptrace.setDebugRegister(tid, 6, 0)
        for i in 0..<4 where dr6 & (1 << UInt64(i)) != 0 {
            guard let slot = debugRegisters.slots[i] else { continue }
            switch slot.condition {
            case .execute: return .hardwareBreakpoint
            case .write: return .watchpoint(.write, address: slot.address)
            case .readWrite: return .watchpoint(.access, address: slot.address)
            }
        }
        return .signal(.trap)
    }

    func applyDebugRegisters(to tid: pid_t) {
        guard debugRegisters.slots.contains(where: { $0 != nil }) else { return }
        for (i, slot) in debugRegisters.slots.enumerated() {
            _ = try? Ptrace.setDebugRegister(tid, Int32(i), slot?.address ?? 0)
        }
        _ = try? Ptrace.setDebugRegister(tid, 7, debugRegisters.dr7)
    }

    /// Writes the debug registers of every thread; false when the kernel
    /// refuses (an address it does not accept).
    func updateDebugRegisters() -> Bool {
        for tid in order {
            do {
                // DR7 off first, so no half-set slot is ever enabled.
                try Ptrace.setDebugRegister(tid, 7, 0)
                for (i, slot) in debugRegisters.slots.enumerated() {
                    try Ptrace.setDebugRegister(tid, Int32(i), slot?.address ?? 0)
                }
                try Ptrace.setDebugRegister(tid, 7, debugRegisters.dr7)
            } catch {
                return false
            }
        }
        return true
    }
}
