import CPtrace
import GDBStub
import Glibc

/// Several processes at once: after a fork that gdb wants to see, the
/// parent and the child are both traced and stopped until gdb detaches one
/// (`D;PID`) or resumes either. waitpid statuses are routed to the process
/// that owns the task; a stop in one stops the others too (all-stop).
extension LinuxDebugTarget {
    /// Every process not yet ended, the current one first.
    var liveProcesses: [TracedProcess] {
        ((process.map { [$0] } ?? []) + others).filter { !$0.hasEnded }
    }

    func owner(of tid: pid_t) -> TracedProcess? {
        liveProcesses.first { $0.isAlive(tid) }
    }

    /// Makes `chosen` the current process (dropping an ended current one).
    mutating func select(_ chosen: TracedProcess) {
        guard chosen !== process else { return }
        others.removeAll { $0 === chosen || $0.hasEnded }
        if let process, !process.hasEnded { others.append(process) }
        process = chosen
    }

    /// Takes in the children forked since the last look.
    mutating func adoptNewborns() {
        others += family.newborns
        family.newborns.removeAll()
    }

    /// After a resume: handles waitpid statuses; returns the stop to report.
    public mutating func poll() -> StopReason? {
        // Ended while stopped (killed from outside): its end answers the resume.
        if let process, process.hasEnded, others.allSatisfy(\.hasEnded) {
            endedStop = process.lastStop
            endedPID = process.pid
            return endedStop
        }
        for candidate in liveProcesses {
            if let queued = candidate.queuedStop {
                candidate.queuedStop = nil
                for other in liveProcesses where other !== candidate { other.stopAll() }
                select(candidate)
                return queued
            }
        }
        while let (tid, status) = waitForThread(-1, block: false) {
            guard let owner = owner(of: tid) else {
                family.earlyStatuses[tid] = status
                continue
            }
            let stop = owner.handle(tid, status, wasPending: false)
            adoptNewborns()
            if let stop {
                owner.report(stop, thread: tid)
                for other in liveProcesses where other !== owner { other.stopAll() }
                select(owner)
                if stop.hasEnded {
                    endedStop = stop
                    endedPID = owner.pid
                }
                return stop
            }
        }
        return nil
    }

    /// gdb's 0x03: stops whichever process runs.
    public func interrupt() {
        let running = liveProcesses.first { $0.hasRunningThreads }
        (running ?? process)?.interrupt()
    }

    /// What gdb leaving means for every process: those started here (and
    /// their forked children) are killed, attached ones detached.
    public mutating func release() {
        for process in liveProcesses {
            process.startedByUs ? process.killProcess() : process.detach()
        }
        others.removeAll()
    }
}

extension LinuxDebugTarget: ProcessEvents {
    public mutating func reportProcessEvents(_ events: ProcessEventSet) {
        family.reportedEvents = events
    }

    public func execPath(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let process, let path = ProcFiles.link("/proc/\(process.pid)/exe") else { return 0 }
        let bytes = Array(path.utf8.prefix(buffer.count))
        buffer.copyBytes(from: bytes)
        return bytes.count
    }

    public func processID(ofThread id: UInt64) -> UInt64 {
        guard let owner = owner(of: pid_t(truncatingIfNeeded: id)) else { return processID }
        return UInt64(owner.pid)
    }

    /// Detaches one process (a fork child gdb does not follow, or the parent
    /// when it follows the child); the session goes on while others remain.
    public mutating func detachProcess(_ pid: UInt64) throws(TargetError) -> Bool {
        guard let chosen = liveProcesses.first(where: { $0.pid == pid_t(truncatingIfNeeded: pid) }) else {
            throw .failed(.failed)
        }
        chosen.detach()
        others.removeAll { $0 === chosen }
        if chosen === process, let next = others.first(where: { !$0.hasEnded }) {
            process = nil
            select(next)
        }
        return hasProcess
    }
}
