import CPtrace
import GDBStub
import Glibc

/// A GDB server target over ptrace: one Linux process (or none, between
/// runs in extended-remote mode), plus the children it forked while gdb
/// wanted fork events, all-stop. The session calls it; the server loop
/// waits for its events (`poll`) and interrupts it.
public struct LinuxDebugTarget {
    /// The current process: the one registers, memory and `?` are about
    /// (the last to stop, or the one gdb selected with `Hg`).
    public internal(set) var process: TracedProcess?
    /// The other processes debugged (forked children, or their parent).
    var others: [TracedProcess] = []
    let family: ProcessFamily
    /// The pid of the process whose end was reported last (`;process:`).
    var endedPID: pid_t = 0
    /// The program and arguments of the last run, for `vRun` without a name.
    public var lastRun: [String] = []
    /// Start programs with address-space randomization (gdbserver turns it off).
    public var randomizeAddresses = false
    /// The stop of a process that is gone (reported to `?` until the next run).
    var endedStop: StopReason = .exited(0)
    /// The last generated qXfer document, served in pieces.
    var objectCache: [UInt8] = []
    /// Files gdb opened through vFile (closed with the target).
    var openFiles: Set<Int32> = []
    /// vFile:setfs: paths are resolved in this process's root (0: ours).
    var fileSystemPID: UInt64 = 0

    public init(process: TracedProcess?) {
        self.process = process
        family = process?.family ?? ProcessFamily()
        if let process { lastRun = ProcFiles.link("/proc/\(process.pid)/exe").map { [$0] } ?? [] }
    }

    /// The live process, or `.failed` for a target without one.
    func live() throws(TargetError) -> TracedProcess {
        guard let process, !process.hasEnded else { throw .failed(.failed) }
        return process
    }

    /// Whether any debugged process is alive.
    public var hasProcess: Bool { !liveProcesses.isEmpty }
}

extension LinuxDebugTarget: DebugTarget {
    public mutating func readRegisters(into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        let process = try live()
        guard buffer.count >= AMD64RegisterFile.totalSize,
              let file = try? process.registerFile(process.generalThread, floating: true)
        else { throw .failed(.failed) }
        var offset = 0
        for n in 0..<AMD64RegisterFile.count {
            offset += file.read(n, into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]))
        }
        return offset
    }

    public mutating func writeRegisters(_ bytes: UnsafeRawBufferPointer) throws(TargetError) {
        let process = try live()
        let tid = process.generalThread
        guard var file = try? process.registerFile(tid, floating: true) else { throw .failed(.failed) }
        var offset = 0
        for n in 0..<AMD64RegisterFile.count where offset < bytes.count {
            _ = file.write(n, from: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            offset += AMD64RegisterFile.size(of: n)
        }
        do { try process.store(file, tid, floating: true) } catch { throw .failed(.failed) }
    }

    public mutating func readMemory(at address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        process?.readMemory(at: address, into: buffer) ?? 0
    }

    public mutating func writeMemory(at address: UInt64, from bytes: UnsafeRawBufferPointer) -> Int {
        process?.writeMemory(at: address, from: bytes) ?? 0
    }

    /// `c`/`s`/`C`/`S`: the named (or `Hc`) thread does it, the others continue
    /// on `c` and stay on `s` (what gdb expects of an all-stop stub).
    public mutating func resume(_ action: ResumeAction) throws(TargetError) {
        guard let process else { throw .failed(.failed) }
        let signal = try linuxSignal(action.signal)
        let chosen = action.thread?.specificID.map { pid_t(truncatingIfNeeded: $0) } ?? process.eventThread
        for other in others { try other.resume([:]) }
        if let address = action.address, var regs = try? process.generalRegisters(chosen) {
            regs.rip = address
            try? process.setGeneralRegisters(chosen, regs)
        }
        var requests: [pid_t: ThreadRequest] = [:]
        for tid in process.threadIDs {
            if tid == chosen {
                requests[tid] = action.kind == .step ? .step(signal: signal) : .continue(signal: signal)
            } else if action.kind == .continue {
                requests[tid] = .continue(signal: 0)
            }
        }
        try process.resume(requests)
    }

    func linuxSignal(_ signal: GDBSignal?) throws(TargetError) -> Int32 {
        guard let signal else { return 0 }
        guard let linux = LinuxSignalNumbers.linuxSignal(fromGDB: signal) else { throw .failed(.invalid) }
        return linux
    }

    public var stopReason: StopReason {
        process?.lastStop ?? endedStop
    }
}

extension LinuxDebugTarget: ThreadResume {
    /// Each action names a thread, a process (`pPID.-1`) or every thread;
    /// a process none names stays stopped (gdb resumes one inferior at a time
    /// unless `schedule-multiple` is on).
    public mutating func resume(_ actions: VContActionList) throws(TargetError) {
        let processes = liveProcesses
        guard !processes.isEmpty else { throw .failed(.failed) }
        var requests: [pid_t: ThreadRequest] = [:]
        for action in actions {
            let signal = try linuxSignal(action.signal)
            let request: ThreadRequest
            switch action.kind {
            case .continue: request = .continue(signal: signal)
            case .step: request = .step(signal: signal)
            case .stop: request = .stay
            }
            if let id = action.thread?.specificID {
                let tid = pid_t(truncatingIfNeeded: id)
                if requests[tid] == nil { requests[tid] = request }
            } else if case .id(let pid)? = action.thread?.process {
                // A whole process (`pPID.-1`): its threads not named before.
                for tid in processes.first(where: { $0.pid == pid_t(truncatingIfNeeded: pid) })?.threadIDs ?? []
                where requests[tid] == nil {
                    requests[tid] = request
                }
            } else {
                // No thread or `-1`: every thread not named before.
                for process in processes {
                    for tid in process.threadIDs where requests[tid] == nil { requests[tid] = request }
                }
            }
        }
        for process in processes {
            try process.resume(requests.filter { process.isAlive($0.key) })
            // A kept event to report: nothing else runs.
            if process.queuedStop != nil { break }
        }
    }
}
