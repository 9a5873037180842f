// Extended-remote process packets (`vRun`, `vAttach`, `vKill`) and the
// other `qXfer` objects (GDB manual, E.2 and E.4).

extension GDBServerSession {
    /// `vRun`: the reply is the new process's stop reply.
    mutating func run(_ arguments: RunArguments) -> SessionEvent? {
        guard Target._hasExtendedRemote else {
            sendEmpty()
            return nil
        }
        do {
            let stop = try target._run(arguments)
            attachedToExisting = false
            sendStopReply(stop)
        } catch {
            return sendFailure(error)
        }
        return nil
    }

    /// `vAttach`: the reply is the attached process's stop reply.
    mutating func attach(_ pid: UInt64) -> SessionEvent? {
        guard Target._hasExtendedRemote else {
            sendEmpty()
            return nil
        }
        do {
            let stop = try target._attach(to: pid)
            attachedToExisting = true
            sendStopReply(stop)
        } catch {
            return sendFailure(error)
        }
        return nil
    }

    /// `vKill`: `OK`; the session stays up for the next `vRun`/`vAttach`.
    mutating func killProcess(_ pid: UInt64) -> SessionEvent? {
        guard Target._hasExtendedRemote else {
            sendEmpty()
            return nil
        }
        do {
            try target._killProcess(pid)
        } catch {
            return sendFailure(error)
        }
        sendOK()
        return nil
    }

    /// `qXfer:OBJECT:read`: `m` + data while more follows, `l` + data at the end.
    mutating func readObject(_ object: TransferObject, _ annex: UnsafeBufferPointer<UInt8>,
                             _ offset: Int, _ length: Int) -> SessionEvent? {
        guard Target._transferObjects.contains(object) else {
            sendEmpty()
            return nil
        }
        return sendTransferChunk(length) { (target, raw) throws(TargetError) in
            try target._readObject(object, annex: annex, offset: offset, into: raw)
        }
    }
}

extension GDBServerSession {
    /// `vFile:`: the data of pread/readlink is read into the reply buffer
    /// and escaped in place after `F count;`.
    mutating func hostIO(_ request: HostIORequest) {
        guard Target._hasHostFileIO else {
            sendEmpty()
            return
        }
        var w = makeReply()
        guard request.returnsData else {
            switch target._hostIO(request, into: UnsafeMutableRawBufferPointer(start: nil, count: 0)) {
            case .value(let value): w.appendHostIOValue(value)
            case .error(let errno):
                w.append("F-1,")
                w.appendHex(number: errno)
            }
            send(&w)
            return
        }
        // Room for `F` + 16 digits + `;` before the data.
        let header = 18
        let raw = w.rawTail(maximum: Int.max)
        guard raw.count > header else {
            sendError(.failed)
            return
        }
        let data = UnsafeMutableRawBufferPointer(rebasing: raw[header...])
        switch target._hostIO(request, into: data) {
        case .error(let errno):
            w.append("F-1,")
            w.appendHex(number: errno)
            send(&w)
        case .value(let count):
            let n = Int(max(0, min(count, Int64(data.count))))
            // Move the data to the buffer's start, then write the header and escape it.
            var bytes = w
            bytes.appendHostIOValue(Int64(n))
            bytes.append(UInt8(ascii: ";"))
            let tail = bytes.rawTail(maximum: n)
            tail.copyMemory(from: UnsafeRawBufferPointer(rebasing: data[0..<min(n, tail.count)]))
            bytes.appendEscapedRawTail(maximum: n, used: min(n, tail.count))
            send(&bytes)
        }
    }
}
