extension GDBServerSession {
    /// Parses one packet and carries it out (decode, then act).
    mutating func dispatch(_ payload: UnsafeMutableBufferPointer<UInt8>) -> SessionEvent? {
        let command: Command
        do {
            command = try Command.parse(payload)
        } catch {
            sendError(.invalid)
            return nil
        }
        switch command {
        case .haltReason: sendStopReply(target.stopReason)
        case .readRegisters: return readRegisters()
        case .writeRegisters(let bytes): return writeRegisters(UnsafeRawBufferPointer(bytes))
        case .readRegister(let number): return readRegister(number)
        case .writeRegister(let number, let bytes): return writeRegister(number, UnsafeRawBufferPointer(bytes))
        case .readMemory(let address, let length, let binary): readMemory(address, length, binary: binary)
        case .writeMemory(let address, let data): writeMemory(address, UnsafeRawBufferPointer(data))
        case .insertBreakpoint(let request): return setBreakpoint(request, insert: true)
        case .removeBreakpoint(let request): return setBreakpoint(request, insert: false)
        case .resume(var action):
            if action.thread == nil, continueThread.specificID != nil { action.thread = continueThread }
            return resume(action)
        case .vContQuery:
            var w = makeReply()
            w.appendVContSupport()
            send(&w)
        case .vCont(let actions) where Target._hasThreadResume:
            return resume(actions)
        case .vCont(let actions):
            guard let action = actions.primaryAction else {
                sendError(.invalid)
                return nil
            }
            return resume(action)
        case .setThread(let operation, let thread): return setThread(operation, thread)
        case .threadAlive(let thread): return threadAlive(thread)
        case .currentThread: return currentThread()
        case .threadInfoFirst:
            threadCursor = 0
            return threadInfo()
        case .threadInfoNext: return threadInfo()
        case .threadExtraInfo(let thread): return threadExtraInfo(thread)
        case .attached:
            var w = makeReply()
            w.append(UInt8(ascii: attachedToExisting ? "1" : "0"))
            send(&w)
        case .sectionOffsets: return sectionOffsets()
        case .supported(let features): supported(features)
        case .readFeatures(let annex, let offset, let length): return readFeatures(annex, offset, length)
        case .readObject(let object, let annex, let offset, let length):
            return readObject(object, annex, offset, length)
        case .catchSyscalls(let request):
            do {
                try target._catchSyscalls(request)
            } catch {
                return sendFailure(error)
            }
            sendOK()
        case .run(let arguments): return run(arguments)
        case .attachProcess(let pid): return attach(pid)
        case .killProcess(let pid): return killProcess(pid)
        case .hostIO(let request): hostIO(request)
        case .monitor(let command): return monitor(command)
        case .startNoAckMode:
            sendOK()
            noAckMode = true
        case .detach(let pid): return detach(pid)
        case .kill: return kill()
        case .extendedMode:
            extendedMode = true
            sendOK()
        case .mustReplyEmpty, .unknown: sendEmpty()
        }
        return nil
    }

    mutating func resume(_ action: ResumeAction) -> SessionEvent? {
        do {
            try target.resume(action)
        } catch {
            return sendFailure(error)
        }
        state = .running
        return .resumed
    }

    mutating func resume(_ actions: VContActionList) -> SessionEvent? {
        do {
            try target._resume(actions)
        } catch {
            return sendFailure(error)
        }
        state = .running
        return .resumed
    }

    /// `D`: reply `OK`, let the target go, forget the debugger. `D;PID`
    /// of one of several processes (after a fork) lets that one go only.
    mutating func detach(_ pid: UInt64?) -> SessionEvent? {
        do {
            if let pid, multiprocess {
                if try target._detachProcess(pid) {
                    sendOK()
                    return nil
                }
            } else {
                try target._detach()
            }
        } catch {
            return sendFailure(error)
        }
        sendOK()
        state = .detached
        resetConnection()
        return .detached
    }

    /// `k`: no reply (GDB manual, E.2: "The ‘k’ packet has no reply").
    mutating func kill() -> SessionEvent? {
        try? target._kill()
        state = .detached
        resetConnection()
        return .killed
    }

    /// `qSupported`: note what gdb reports, answer what the target does.
    mutating func supported(_ features: FeatureList) {
        peerReportsSoftwareBreaks = features.supports("swbreak")
        peerReportsHardwareBreaks = features.supports("hwbreak")
        multiprocess = Target._hasMultiprocess && features.supports("multiprocess")
        var ours = StubFeatures(packetSize: packetSize)
        ours.multiprocess = multiprocess
        ours.softwareBreakpoints = Target._hasSoftwareBreakpoints
        ours.hardwareBreakpoints = Target._hasHardwareBreakpoints
        ours.targetDescription = Target._hasTargetDescription
        ours.transferObjects = Target._transferObjects
        ours.catchSyscalls = Target._hasSyscallCatching
        ours.binaryUpload = true
        // Told every time: the target outlives the debuggers that connect.
        var events: ProcessEventSet = []
        if multiprocess && Target._hasProcessEvents {
            if features.supports("fork-events") { events.insert(.fork) }
            if features.supports("vfork-events") { events.insert(.vfork) }
            if features.supports("exec-events") { events.insert(.exec) }
        }
        target._reportProcessEvents(events)
        ours.processEvents = events
        var w = makeReply()
        w.appendSupported(ours)
        send(&w)
    }

    /// The stop reply for `reason`, with the current thread and the
    /// expedited registers when the target has them.
    mutating func sendStopReply(_ reason: StopReason) {
        let thread = (try? target._currentThread()).map { threadID($0) }
        let reportKind: Bool
        switch reason {
        case .softwareBreakpoint: reportKind = peerReportsSoftwareBreaks && Target._hasSoftwareBreakpoints
        case .hardwareBreakpoint: reportKind = peerReportsHardwareBreaks && Target._hasHardwareBreakpoints
        default: reportKind = false
        }
        let expedite = !reason.hasEnded && target._expeditedRegister(at: 0) != nil
        var w = makeReply()
        w.appendStopReply(reason, thread: thread, reportBreakpointKind: reportKind, alwaysDetailed: expedite,
                          multiprocess: multiprocess)
        if reason.hasEnded && multiprocess {
            w.append(";process:")
            w.appendHex(number: target._processID())
        }
        if case .execed = reason {
            w.append("exec:")
            let raw = w.rawTail(maximum: 4096)
            w.appendHexOfRawTail(maximum: 4096, used: target._execPath(into: raw))
            w.append(UInt8(ascii: ";"))
        }
        if expedite {
            var index = 0
            while let number = target._expeditedRegister(at: index) {
                index += 1
                let mark = w
                w.appendHex(number: UInt64(number))
                w.append(UInt8(ascii: ":"))
                let raw = w.rawTail(maximum: 64)
                guard let n = try? target._readRegister(number, into: raw), n > 0 else {
                    w = mark
                    continue
                }
                w.appendHexOfRawTail(maximum: 64, used: n)
                w.append(UInt8(ascii: ";"))
            }
        }
        send(&w)
    }
}
