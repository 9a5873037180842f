// `m`/`x`, `M`/`X`, `Z`/`z` (GDB manual, E.2 "Packets"). A memory read is
// copied by the target into the reply buffer and hex-encoded (or escaped,
// for `x`) in place, so an 8 KiB read costs no copy; a read longer than the
// reply buffer holds gets a short reply, which gdb accepts and continues
// from. Binary replies take about half the bytes of hex on the wire.

extension GDBServerSession {
    mutating func readMemory(_ address: UInt64, _ length: Int, binary: Bool) {
        var w = makeReply()
        if binary { w.append(UInt8(ascii: "b")) }
        let raw = w.rawTail(maximum: length)
        let n = raw.isEmpty ? 0 : target.readMemory(at: address, into: raw)
        if n == 0 && length > 0 {
            sendError(.fault)
            return
        }
        if binary {
            w.appendEscapedRawTail(maximum: length, used: n)
        } else {
            w.appendHexOfRawTail(maximum: length, used: n)
        }
        send(&w)
    }

    mutating func writeMemory(_ address: UInt64, _ data: UnsafeRawBufferPointer) {
        let written = data.isEmpty ? 0 : target.writeMemory(at: address, from: data)
        if written < data.count {
            sendError(.fault)
        } else {
            sendOK()
        }
    }

    mutating func setBreakpoint(_ request: BreakpointRequest, insert: Bool) -> SessionEvent? {
        do {
            switch request.type {
            case .software:
                try target._softwareBreakpoint(insert: insert, address: request.address, kind: request.kind)
            case .hardware:
                try target._hardwareBreakpoint(insert: insert, address: request.address, kind: request.kind)
            case .writeWatchpoint, .readWatchpoint, .accessWatchpoint:
                try target._watchpoint(insert: insert, kind: request.type.watchKind!,
                                       address: request.address, length: request.kind)
            }
        } catch {
            return sendFailure(error)
        }
        sendOK()
        return nil
    }
}
