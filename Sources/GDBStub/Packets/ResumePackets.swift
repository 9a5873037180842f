// Old-style resume packets (GDB manual, E.2 "Packets"): `c [addr]`,
// `C sig[;addr]`, `s [addr]`, `S sig[;addr]`. No immediate reply: the stop
// reply comes when the target stops again.

extension Command {
    static func parseResume(_ s: inout PayloadScanner, kind: ResumeAction.Kind, hasSignal: Bool) throws(PacketError) -> Command {
        var action = ResumeAction(kind)
        if hasSignal {
            guard let signal = s.hexByte() else { throw .malformed }
            action.signal = GDBSignal(signal)
            if s.isAtEnd { return .resume(action) }
            guard s.consume(UInt8(ascii: ";")), !s.isAtEnd else { throw .malformed }
        }
        if !s.isAtEnd {
            guard let address = s.hexNumber(), s.isAtEnd else { throw .malformed }
            action.address = address
        }
        return .resume(action)
    }
}

extension PacketWriter {
    /// `c`/`s`/`C sig`/`S sig` with an optional address, as the client sends it.
    public mutating func appendResume(_ action: ResumeAction) {
        let isStep = action.kind == .step
        if let signal = action.signal {
            append(UInt8(ascii: isStep ? "S" : "C"))
            appendHex(signal.rawValue)
            if let address = action.address {
                append(UInt8(ascii: ";"))
                appendHex(number: address)
            }
        } else {
            append(UInt8(ascii: isStep ? "s" : "c"))
            if let address = action.address { appendHex(number: address) }
        }
    }
}
