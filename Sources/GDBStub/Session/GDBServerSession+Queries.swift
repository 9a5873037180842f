// `qOffsets`, `qXfer:features:read`, `qRcmd` (GDB manual, E.4 "General
// Query Packets").

extension GDBServerSession {
    mutating func sectionOffsets() -> SessionEvent? {
        let offsets: SectionOffsets
        do {
            offsets = try target._sectionOffsets()
        } catch {
            return sendFailure(error)
        }
        var w = makeReply()
        w.appendSectionOffsets(offsets)
        send(&w)
        return nil
    }

    /// `qXfer:features:read`.
    mutating func readFeatures(_ annex: UnsafeBufferPointer<UInt8>, _ offset: Int, _ length: Int) -> SessionEvent? {
        guard Target._hasTargetDescription else {
            sendEmpty()
            return nil
        }
        return sendTransferChunk(length) { (target, raw) throws(TargetError) in
            try target._readTargetDescription(annex: annex, offset: offset, into: raw)
        }
    }

    /// A `qXfer` read reply: `m` + data while more follows, `l` + data at the
    /// end. `read` fills the reply buffer (at most `length` bytes), which is
    /// then escaped in place.
    mutating func sendTransferChunk(
        _ length: Int, _ read: (inout Target, UnsafeMutableRawBufferPointer) throws(TargetError) -> Int
    ) -> SessionEvent? {
        var w = makeReply()
        w.append(UInt8(ascii: "m"))
        let raw = w.rawTail(maximum: length)
        let n: Int
        do {
            n = try read(&target, raw)
        } catch {
            return sendFailure(error)
        }
        if n < raw.count || length == 0 { w.buffer[1] = UInt8(ascii: "l") }
        w.appendEscapedRawTail(maximum: length, used: n)
        send(&w)
        return nil
    }

    /// Output goes out as `O` packets while the command runs, then `OK`.
    mutating func monitor(_ command: UnsafeBufferPointer<UInt8>) -> SessionEvent? {
        // The console writer borrows the output sink for the command's
        // duration and hands it back.
        var console = ConsolePacketWriter(sink: output, buffer: replyBuffer)
        var failure: TargetError?
        do {
            try target._runMonitorCommand(command, output: &console)
        } catch {
            failure = error
        }
        output = console.sink
        if let failure { return sendFailure(failure) }
        sendOK()
        return nil
    }
}
