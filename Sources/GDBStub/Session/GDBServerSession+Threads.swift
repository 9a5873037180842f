// `H`, `T`, `qC`, `qfThreadInfo`/`qsThreadInfo`, `qThreadExtraInfo` (GDB
// manual, E.2 and E.4). A target without `ThreadList` is one thread:
// selecting or probing it succeeds, the listing queries get the empty reply.

extension GDBServerSession {
    mutating func setThread(_ operation: ThreadOperation, _ thread: ThreadID) -> SessionEvent? {
        if thread.specificID == nil, multiprocess, case .id(let pid)? = thread.process {
            // `pPID.0`: any thread of that process; its leader's id is the pid.
            try? target._selectThread(pid, for: operation)
        }
        if let id = thread.specificID {
            do {
                try target._selectThread(id, for: operation)
            } catch TargetError.unsupported {
                // One thread: whichever gdb names, it is that one.
            } catch {
                return sendFailure(error)
            }
        }
        switch operation {
        case .general: generalThread = thread
        case .continue: continueThread = thread
        }
        sendOK()
        return nil
    }

    mutating func threadAlive(_ thread: ThreadID) -> SessionEvent? {
        guard let id = thread.specificID else {
            sendOK()
            return nil
        }
        do {
            if try target._isThreadAlive(id) { sendOK() } else { sendError(.failed) }
        } catch TargetError.unsupported {
            sendOK()
        } catch {
            return sendFailure(error)
        }
        return nil
    }

    mutating func currentThread() -> SessionEvent? {
        let id: UInt64
        do {
            id = try target._currentThread()
        } catch {
            return sendFailure(error)
        }
        var w = makeReply()
        w.appendCurrentThread(threadID(id), multiprocess: multiprocess)
        send(&w)
        return nil
    }

    /// One packet of the thread list: `m id,id,...` as many as fit, or `l`.
    mutating func threadInfo() -> SessionEvent? {
        var w = makeReply()
        do {
            guard let first = try target._thread(at: threadCursor) else {
                w.append(UInt8(ascii: "l"))
                send(&w)
                return nil
            }
            w.append(UInt8(ascii: "m"))
            threadID(first).write(to: &w, multiprocess: multiprocess)
            threadCursor += 1
            // An id takes at most 2 * 16 digits, `p`, `.` and a comma.
            while w.remainingCapacity >= 35, let next = try target._thread(at: threadCursor) {
                w.append(UInt8(ascii: ","))
                threadID(next).write(to: &w, multiprocess: multiprocess)
                threadCursor += 1
            }
        } catch {
            return sendFailure(error)
        }
        send(&w)
        return nil
    }

    /// The description, hex-encoded in place in the reply buffer.
    mutating func threadExtraInfo(_ thread: ThreadID) -> SessionEvent? {
        guard let id = thread.specificID else {
            sendError(.invalid)
            return nil
        }
        var w = makeReply()
        let raw = w.rawTail(maximum: Int.max)
        let n: Int
        do {
            n = try target._threadExtraInfo(id, into: raw)
        } catch {
            return sendFailure(error)
        }
        w.appendHexOfRawTail(maximum: Int.max, used: n)
        send(&w)
        return nil
    }
}
