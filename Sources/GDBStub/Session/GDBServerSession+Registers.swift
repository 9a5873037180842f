// `g`, `G`, `p`, `P` (GDB manual, E.2 "Packets"). Register bytes go from the
// target straight into the reply buffer and are hex-encoded in place.

extension GDBServerSession {
    mutating func readRegisters() -> SessionEvent? {
        var w = makeReply()
        let raw = w.rawTail(maximum: Int.max)
        let n: Int
        do {
            n = try target.readRegisters(into: raw)
        } catch {
            return sendFailure(error)
        }
        w.appendHexOfRawTail(maximum: Int.max, used: n)
        send(&w)
        return nil
    }

    mutating func writeRegisters(_ bytes: UnsafeRawBufferPointer) -> SessionEvent? {
        do {
            try target.writeRegisters(bytes)
        } catch {
            return sendFailure(error)
        }
        sendOK()
        return nil
    }

    mutating func readRegister(_ number: Int) -> SessionEvent? {
        var w = makeReply()
        let raw = w.rawTail(maximum: Int.max)
        let n: Int
        do {
            n = try target._readRegister(number, into: raw)
        } catch {
            return sendFailure(error)
        }
        w.appendHexOfRawTail(maximum: Int.max, used: n)
        send(&w)
        return nil
    }

    mutating func writeRegister(_ number: Int, _ bytes: UnsafeRawBufferPointer) -> SessionEvent? {
        do {
            try target._writeRegister(number, from: bytes)
        } catch {
            return sendFailure(error)
        }
        sendOK()
        return nil
    }
}
