import CPtrace
import GDBStub
import Glibc

extension LinuxDebugTarget: ExpeditedRegisters {
    public mutating func readRegister(_ number: Int, into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        let process = try live()
        guard number >= 0, number < AMD64RegisterFile.count else { throw .failed(.invalid) }
        let floating = AMD64RegisterFile(general: user_regs_struct(), floating: user_fpregs_struct())
            .generalValue(number) == nil
        guard let file = try? process.registerFile(process.generalThread, floating: floating) else {
            throw .failed(.failed)
        }
        return file.read(number, into: buffer)
    }

    public mutating func writeRegister(_ number: Int, from bytes: UnsafeRawBufferPointer) throws(TargetError) {
        let process = try live()
        guard number >= 0, number < AMD64RegisterFile.count else { throw .failed(.invalid) }
        let tid = process.generalThread
        guard var file = try? process.registerFile(tid, floating: true), file.write(number, from: bytes) else {
            throw .failed(.invalid)
        }
        do { try process.store(file, tid, floating: true) } catch { throw .failed(.failed) }
    }

    /// rbp, rsp, rip: what gdb needs to show a frame (gdbserver sends the same).
    public func expeditedRegister(at index: Int) -> Int? {
        switch index {
        case 0: return 6
        case 1: return 7
        case 2: return 16
        default: return nil
        }
    }
}

extension LinuxDebugTarget: SoftwareBreakpoints {
    public mutating func insertSoftwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        guard try live().insertBreakpoint(at: address) else { throw .failed(.fault) }
    }

    public mutating func removeSoftwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        guard try live().removeBreakpoint(at: address) else { throw .failed(.fault) }
    }
}

extension LinuxDebugTarget: HardwareBreakpoints {
    public mutating func insertHardwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        try setSlot(insert: true, address: address, length: 1, condition: .execute)
    }

    public mutating func removeHardwareBreakpoint(at address: UInt64, kind: UInt64) throws(TargetError) {
        try setSlot(insert: false, address: address, length: 1, condition: .execute)
    }

    func setSlot(insert: Bool, address: UInt64, length: UInt64,
                 condition: DebugRegisterSlots.Condition) throws(TargetError) {
        let process = try live()
        let saved = process.debugRegisters
        let changed = insert
            ? process.debugRegisters.insert(address: address, length: length, condition: condition)
            : process.debugRegisters.remove(address: address, length: length, condition: condition)
        guard changed else { throw .failed(.failed) }
        guard process.updateDebugRegisters() else {
            process.debugRegisters = saved
            _ = process.updateDebugRegisters()
            throw .failed(.failed)
        }
    }
}

extension LinuxDebugTarget: Watchpoints {
    /// Write and access watchpoints; x86 has no read-only condition.
    public mutating func insertWatchpoint(_ kind: WatchKind, at address: UInt64, length: UInt64) throws(TargetError) {
        guard kind != .read else { throw .unsupported }
        try setSlot(insert: true, address: address, length: length, condition: kind == .write ? .write : .readWrite)
    }

    public mutating func removeWatchpoint(_ kind: WatchKind, at address: UInt64, length: UInt64) throws(TargetError) {
        guard kind != .read else { throw .unsupported }
        try setSlot(insert: false, address: address, length: length, condition: kind == .write ? .write : .readWrite)
    }
}

extension LinuxDebugTarget: ThreadList {
    /// The threads of every process, the current one's first.
    public func thread(at index: Int) -> UInt64? {
        let all = liveProcesses.flatMap(\.threadIDs)
        return index < all.count ? UInt64(all[index]) : nil
    }

    public var currentThread: UInt64 { UInt64(process?.eventThread ?? 0) }

    /// Selecting a thread of another process makes that process current
    /// (gdb's `Hg` into a fork child before removing its breakpoints).
    public mutating func selectThread(_ id: UInt64, for operation: ThreadOperation) throws(TargetError) {
        let tid = pid_t(truncatingIfNeeded: id)
        guard let owner = owner(of: tid) else { throw .failed(.failed) }
        select(owner)
        if operation == .general { owner.generalThread = tid }
    }

    public func isThreadAlive(_ id: UInt64) -> Bool {
        owner(of: pid_t(truncatingIfNeeded: id)) != nil
    }

    /// The thread's name from /proc (what `info threads` shows in parentheses).
    public func threadExtraInfo(_ id: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let tid = pid_t(truncatingIfNeeded: id)
        guard let name = owner(of: tid)?.threadName(tid) else { return 0 }
        let bytes = Array(name.utf8.prefix(buffer.count))
        buffer.copyBytes(from: bytes)
        return bytes.count
    }
}

extension LinuxDebugTarget: Multiprocess {
    public var processID: UInt64 { UInt64(process?.pid ?? endedPID) }
}

extension LinuxDebugTarget: TargetDescription {
    public func readTargetDescription(annex: UnsafeBufferPointer<UInt8>, offset: Int,
                                      into buffer: UnsafeMutableRawBufferPointer) throws(TargetError) -> Int {
        guard FeatureDocument.annex(annex, is: "target.xml") else { throw .failed(.invalidAnnex) }
        return FeatureDocument.read(offset: offset, into: buffer, parts: AMD64LinuxDescription.part)
    }
}

extension LinuxDebugTarget: ProcessControl {
    public mutating func detach() throws(TargetError) {
        for process in liveProcesses { process.detach() }
        others.removeAll()
        process = nil
    }

    public mutating func kill() throws(TargetError) {
        for process in liveProcesses { process.killProcess() }
        others.removeAll()
        process = nil
    }
}

extension LinuxDebugTarget: SyscallCatching {
    public mutating func catchSyscalls(_ request: CatchSyscallsRequest) throws(TargetError) {
        let process = try live()
        if request.enabled {
            process.caughtSyscalls = Set(request.numbers)
        } else {
            process.caughtSyscalls = nil
        }
    }
}

extension LinuxDebugTarget: ExtendedRemote {
    public mutating func run(_ arguments: RunArguments) throws(TargetError) -> StopReason {
        var argv = arguments.map { String(decoding: $0, as: UTF8.self) }
        if argv.first?.isEmpty ?? true {
            guard !lastRun.isEmpty else { throw .failed(.failed) }
            argv = lastRun + argv.dropFirst()
        }
        release()
        do {
            let started = try TracedProcess.launch(argv, randomize: randomizeAddresses, family: family)
            process = started
            lastRun = argv
            return started.lastStop
        } catch {
            process = nil
            throw .failed(.failed)
        }
    }

    public mutating func attach(to pid: UInt64) throws(TargetError) -> StopReason {
        release()
        do {
            let attached = try TracedProcess.attach(pid_t(truncatingIfNeeded: pid), family: family)
            process = attached
            return attached.lastStop
        } catch {
            process = nil
            throw .failed(.failed)
        }
    }

    public mutating func killProcess(_ pid: UInt64) throws(TargetError) {
        // Without multiprocess ids gdb names a made-up pid: then the current process.
        let processes = liveProcesses
        guard let chosen = processes.first(where: { $0.pid == pid_t(truncatingIfNeeded: pid) }) ?? process else {
            throw .failed(.failed)
        }
        chosen.killProcess()
        endedStop = .terminated(.kill)
        endedPID = chosen.pid
        others.removeAll { $0 === chosen }
        if chosen === process {
            process = nil
            if let next = others.first { select(next) }
        }
    }
}
